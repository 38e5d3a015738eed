#include "store/export_stream.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "core/date.hpp"
#include "core/hash.hpp"
#include "core/json_writer.hpp"
#include "core/records.hpp"
#include "core/scoring.hpp"
#include "core/text.hpp"

namespace hdoc::store {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxOwnerBytes = 200;  // a Cognito sub is a 36-character UUID

std::string checksumText(std::uint64_t hash) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

// Writes lines and keeps the checksum of everything written.
class LineWriter {
 public:
  explicit LineWriter(std::ostream& out) : out_(out) {}
  void write(std::string& line) {
    line.push_back('\n');
    hash_ = core::fnv1a64(line, hash_);
    out_ << line;
    if (!out_) throw std::runtime_error("export: write failed");
  }
  std::uint64_t hash() const { return hash_; }

 private:
  std::ostream& out_;
  std::uint64_t hash_ = core::kFnvOffsetBasis;
};

template <class T>
void recordLine(std::string& line, std::string_view type, const T& record) {
  line = "{\"type\":";
  core::appendJsonString(line, type);
  line += ",\"record\":";
  core::appendJson(line, record);
  line.push_back('}');
}

}  // namespace

std::string_view exportKindName(ExportKind kind) {
  return kind == ExportKind::All ? "all" : "entries";
}

std::optional<ExportKind> parseExportKind(std::string_view name) {
  if (name == "all") return ExportKind::All;
  if (name == "entries") return ExportKind::Entries;
  return std::nullopt;
}

ExportCounts writeExport(Store& store, const ExportHeader& header, std::ostream& out) {
  LineWriter writer(out);
  std::string line = "{\"format\":";
  core::appendJsonString(line, kExportFormat);
  line += ",\"version\":" + std::to_string(kExportVersion) + ",\"kind\":";
  core::appendJsonString(line, exportKindName(header.kind));
  line += ",\"hdocVersion\":";
  core::appendJsonString(line, header.hdocVersion);
  line += ",\"exportedAt\":";
  core::appendJsonString(line, header.exportedAt);
  line.push_back('}');
  writer.write(line);

  const bool all = header.kind == ExportKind::All;
  ExportCounts counts;
  store.forEachUser([&](const core::User& user) {
    if (all) {
      recordLine(line, "user", user);
      writer.write(line);
      ++counts.users;
      if (!user.owner.empty()) {
        line = "{\"type\":\"owner\",\"githubProfile\":";
        core::appendJsonString(line, user.githubProfile);
        line += ",\"owner\":";
        core::appendJsonString(line, user.owner);
        line.push_back('}');
        writer.write(line);
        ++counts.owners;
      }
    }
    for (const auto& entry : store.listEntries(user.githubProfile)) {
      recordLine(line, "entry", entry);
      writer.write(line);
      ++counts.entries;
    }
  });
  if (all) {
    store.forEachArticle([&](const core::Article& article) {
      recordLine(line, "article", article);
      writer.write(line);
      ++counts.articles;
    });
  }
  line = "{\"type\":\"end\",\"users\":" + std::to_string(counts.users) +
         ",\"owners\":" + std::to_string(counts.owners) + ",\"entries\":" + std::to_string(counts.entries) +
         ",\"articles\":" + std::to_string(counts.articles) + ",\"checksum\":";
  core::appendJsonString(line, checksumText(writer.hash()));
  line.push_back('}');
  out << line << '\n';
  out.flush();
  if (!out) throw std::runtime_error("export: write failed");
  return counts;
}

namespace {

// The checks of one file, line by line.
class ExportReader {
 public:
  ExportReader(ExportContent& content, std::optional<ExportKind> expected)
      : c_(content), expected_(expected) {}

  void read(std::string_view text) {
    std::size_t lineNo = 0, pos = 0;
    bool ended = false;
    while (pos < text.size() && !full()) {
      ++lineNo;
      const std::size_t nl = text.find('\n', pos);
      const std::string_view line =
          text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
      const bool complete = nl != std::string_view::npos;
      if (ended) {
        error(lineNo, "nothing may follow the end line");
        return;
      }
      if (!complete) {
        error(lineNo, "the line is cut off (no line break at its end): the file is truncated");
        return;
      }
      ended = readLine(lineNo, line);
      if (lineNo == 1 && !headerOk_) return;  // nothing else can be read sensibly
      if (!ended) hash_ = core::fnv1a64(text.substr(pos, nl + 1 - pos), hash_);
      pos = nl + 1;
    }
    if (full()) return;
    if (lineNo == 0) {
      error(1, "the file is empty: not an hdoc export");
    } else if (!ended) {
      error(lineNo + 1, "the file ends without its end line ({\"type\":\"end\",...}): it is truncated");
    }
  }

 private:
  bool full() const { return c_.errors.size() >= ExportContent::kMaxErrors; }

  void error(std::size_t line, const std::string& problem) {
    if (!full()) c_.errors.push_back("line " + std::to_string(line) + ": " + problem);
  }

  // True for the end line.
  bool readLine(std::size_t n, std::string_view line) {
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec || !v.is_object()) {
      error(n,
            n == 1
                ? "not an hdoc export (the first line must be its header, {\"format\":\"hdoc-export\",...}; "
                  "the frontend's files are imported with `hdoc import users|articles`)"
                : "not a JSON object" + (ec ? ": " + ec.message() : std::string()));
      return false;
    }
    const json::object& o = v.get_object();
    if (n == 1) {
      readHeader(o);
      return false;
    }
    const json::value* type = o.if_contains("type");
    const std::string_view t = type && type->is_string() ? std::string_view(type->get_string()) : "";
    if (t == "user" || t == "owner" || t == "article") {
      if (c_.header.kind != ExportKind::All) {
        error(n, "a " + std::string(t) + " line in an \"entries\" export");
        return false;
      }
    }
    if (t == "user") {
      readUser(n, o);
    } else if (t == "owner") {
      readOwner(n, o);
    } else if (t == "entry") {
      readEntry(n, o);
    } else if (t == "article") {
      readArticle(n, o);
    } else if (t == "end") {
      readEnd(n, o);
      return true;
    } else {
      error(n, "type: must be one of user, owner, entry, article, end");
    }
    return false;
  }

  void readHeader(const json::object& o) {
    const json::value* format = o.if_contains("format");
    if (!format || !format->is_string() || format->get_string() != kExportFormat) {
      error(1,
            "not an hdoc export (the first line must be its header, {\"format\":\"hdoc-export\",...}; "
            "the frontend's files are imported with `hdoc import users|articles`)");
      return;
    }
    const json::value* version = o.if_contains("version");
    if (!version || !version->is_int64() || version->get_int64() < 1) {
      error(1, "version: must be a positive integer");
      return;
    }
    if (version->get_int64() > kExportVersion) {
      error(1, "version: format version " + std::to_string(version->get_int64()) +
                   " is newer than this hdoc reads (" + std::to_string(kExportVersion) +
                   "): import it with a newer hdoc");
      return;
    }
    const json::value* kind = o.if_contains("kind");
    const auto parsed = kind && kind->is_string() ? parseExportKind(kind->get_string()) : std::nullopt;
    if (!parsed) {
      error(1, "kind: must be \"all\" or \"entries\"");
      return;
    }
    if (expected_ && *parsed != *expected_) {
      error(1, "kind: this is an \"" + std::string(exportKindName(*parsed)) + "\" export, not \"" +
                   std::string(exportKindName(*expected_)) + "\"");
      return;
    }
    auto text = [&](const char* name, std::string& out) {
      const json::value* s = o.if_contains(name);
      if (s && s->is_string()) out = std::string(s->get_string());
    };
    c_.header.kind = *parsed;
    text("hdocVersion", c_.header.hdocVersion);
    text("exportedAt", c_.header.exportedAt);
    headerOk_ = true;
  }

  const json::value* record(std::size_t n, const json::object& o,
                            std::initializer_list<std::string_view> allowed) {
    for (const auto& field : o) {
      if (std::find(allowed.begin(), allowed.end(), field.key()) == allowed.end()) {
        error(n, std::string(field.key()) + ": unknown field");
        return nullptr;
      }
    }
    const json::value* r = o.if_contains("record");
    if (!r || !r->is_object()) error(n, "record: must be a JSON object");
    return r && r->is_object() ? r : nullptr;
  }

  void fieldErrors(std::size_t n, const std::vector<core::FieldError>& errors) {
    for (const auto& e : errors) error(n, e.field + ": " + e.problem);
  }

  void readUser(std::size_t n, const json::object& o) {
    const json::value* r = record(n, o, {"type", "record"});
    if (!r) return;
    auto parsed = core::userFromJson(*r);
    if (r->get_object().contains("github_username")) {
      error(n, "record: must be in the API's camelCase shape");
      return;
    }
    if (!parsed.ok()) return fieldErrors(n, parsed.errors);
    const std::string fold = core::asciiFold(parsed.value.githubProfile);
    const auto [it, added] = users_.emplace(fold, std::make_pair(n, c_.users.size()));
    if (!added) {
      error(n, "githubProfile: '" + parsed.value.githubProfile + "' is on line " +
                   std::to_string(it->second.first) + " already");
      return;
    }
    if (parsed.value.githubJourneyRepo) {
      const auto [repo, free] = repos_.emplace(core::asciiFold(*parsed.value.githubJourneyRepo), n);
      if (!free) {
        error(n, "githubJourneyRepo: linked on line " + std::to_string(repo->second) + " already");
        return;
      }
    }
    c_.users.push_back(std::move(parsed.value));
    ++c_.counts.users;
  }

  // The user a line names, by its folded githubProfile; nullptr (after an error) when none came before.
  core::User* userNamed(std::size_t n, const json::value* profile, const char* what) {
    if (!profile || !profile->is_string()) {
      error(n, "githubProfile: is required");
      return nullptr;
    }
    const auto it = users_.find(core::asciiFold(profile->get_string()));
    if (it == users_.end()) {
      error(n, std::string(what) + " of '" + std::string(profile->get_string()) +
                   "', whose user line does not come before it");
      return nullptr;
    }
    return &c_.users[it->second.second];
  }

  void readOwner(std::size_t n, const json::object& o) {
    for (const auto& field : o) {
      if (field.key() != "type" && field.key() != "githubProfile" && field.key() != "owner") {
        error(n, std::string(field.key()) + ": unknown field");
        return;
      }
    }
    core::User* user = userNamed(n, o.if_contains("githubProfile"), "owner");
    if (!user) return;
    const json::value* owner = o.if_contains("owner");
    if (!owner || !owner->is_string() || owner->get_string().empty() ||
        owner->get_string().size() > kMaxOwnerBytes ||
        !core::isAcceptableText(owner->get_string(), core::TextKind::SingleLine)) {
      error(n, "owner: must be a Cognito subject, one line of 1 to " + std::to_string(kMaxOwnerBytes) +
                   " bytes");
      return;
    }
    if (!user->owner.empty()) {
      error(n, "owner: '" + user->githubProfile + "' has an owner already");
      return;
    }
    const auto [it, added] = owners_.emplace(std::string(owner->get_string()), n);
    if (!added) {
      error(n, "owner: owns the profile of line " + std::to_string(it->second) +
                   " already (one profile per owner)");
      return;
    }
    user->owner = std::string(owner->get_string());
    ++c_.counts.owners;
  }

  void readEntry(std::size_t n, const json::object& o) {
    const json::value* r = record(n, o, {"type", "record"});
    if (!r) return;
    const json::object& e = r->get_object();
    for (const auto& field : e) {
      static constexpr std::string_view kFields[] = {"githubProfile", "day",  "platform",
                                                     "url",           "date", "verified"};
      if (std::find(std::begin(kFields), std::end(kFields), field.key()) == std::end(kFields)) {
        error(n, std::string(field.key()) + ": unknown field");
        return;
      }
    }
    core::Entry entry;
    const std::size_t before = c_.errors.size();
    const json::value* profile = e.if_contains("githubProfile");
    if (c_.header.kind == ExportKind::All) {
      if (const core::User* user = userNamed(n, profile, "entry")) entry.githubProfile = user->githubProfile;
    } else if (!profile || !profile->is_string() || !core::isValidGithubProfile(profile->get_string())) {
      error(n, "githubProfile: must be a GitHub handle");
    } else {
      entry.githubProfile = std::string(profile->get_string());
    }
    const json::value* day = e.if_contains("day");
    if (!day || !day->is_int64() || day->get_int64() < core::kFirstChallengeDay ||
        day->get_int64() > core::kLastChallengeDay) {
      error(n, "day: must be an integer from 1 to 100");
    } else {
      entry.day = static_cast<int>(day->get_int64());
    }
    const json::value* platform = e.if_contains("platform");
    const auto p =
        platform && platform->is_string() ? core::parsePlatform(platform->get_string()) : std::nullopt;
    if (!p) {
      error(n, "platform: must be \"github\" or \"twitter\"");
    } else {
      entry.platform = *p;
    }
    const json::value* url = e.if_contains("url");
    if (!url || !url->is_string() || url->get_string().size() > core::kMaxUrlBytes ||
        !core::isHttpUrl(url->get_string()) ||
        !core::isAcceptableText(url->get_string(), core::TextKind::SingleLine)) {
      error(n, "url: must be an http(s) URL of at most " + std::to_string(core::kMaxUrlBytes) + " bytes");
    } else {
      entry.url = std::string(url->get_string());
    }
    const json::value* date = e.if_contains("date");
    if (!date || !date->is_string() || !core::parseDate(date->get_string())) {
      error(n, "date: must be a real date, YYYY-MM-DD");
    } else {
      entry.date = std::string(date->get_string());
    }
    const json::value* verified = e.if_contains("verified");
    if (!verified || !verified->is_bool()) {
      error(n, "verified: must be true or false");
    } else {
      entry.verified = verified->get_bool();
    }
    if (c_.errors.size() != before) return;
    const auto key = std::make_tuple(core::asciiFold(entry.githubProfile), entry.day, entry.platform);
    const auto [it, added] = entries_.emplace(key, n);
    if (!added) {
      error(n, "day " + std::to_string(entry.day) + " on " + std::string(core::platformName(entry.platform)) +
                   " of '" + entry.githubProfile + "' is on line " + std::to_string(it->second) + " already");
      return;
    }
    c_.entries.push_back(std::move(entry));
    ++c_.counts.entries;
  }

  void readArticle(std::size_t n, const json::object& o) {
    const json::value* r = record(n, o, {"type", "record"});
    if (!r) return;
    auto parsed = core::articleFromJson(*r);
    if (!parsed.ok()) return fieldErrors(n, parsed.errors);
    const auto [it, added] = articles_.emplace(parsed.value.id, n);
    if (!added) {
      error(n, "id: article " + std::to_string(parsed.value.id) + " is on line " +
                   std::to_string(it->second) + " already");
      return;
    }
    c_.articles.push_back(std::move(parsed.value));
    ++c_.counts.articles;
  }

  void readEnd(std::size_t n, const json::object& o) {
    auto count = [&](const char* name) -> std::optional<std::size_t> {
      const json::value* v = o.if_contains(name);
      if (v && v->is_int64() && v->get_int64() >= 0) return static_cast<std::size_t>(v->get_int64());
      return std::nullopt;
    };
    const ExportCounts said{count("users").value_or(SIZE_MAX), count("owners").value_or(SIZE_MAX),
                            count("entries").value_or(SIZE_MAX), count("articles").value_or(SIZE_MAX)};
    if (!c_.errors.empty()) return;  // the counts cannot match; the errors above say why
    auto compare = [&](const char* name, std::size_t expected, std::size_t read) {
      if (expected != read) {
        error(n, std::string(name) + ": the end line counts " +
                     (expected == SIZE_MAX ? std::string("nothing") : std::to_string(expected)) +
                     ", the file holds " + std::to_string(read) + ": lines were removed or added");
      }
    };
    compare("users", said.users, c_.counts.users);
    compare("owners", said.owners, c_.counts.owners);
    compare("entries", said.entries, c_.counts.entries);
    compare("articles", said.articles, c_.counts.articles);
    const json::value* checksum = o.if_contains("checksum");
    const std::string computed = checksumText(hash_);
    if (!checksum || !checksum->is_string() || checksum->get_string() != computed) {
      error(n, "checksum: the file was changed after it was exported (the end line says " +
                   (checksum && checksum->is_string() ? std::string(checksum->get_string())
                                                      : std::string("none")) +
                   ", the lines before it give " + computed + ")");
    }
  }

  ExportContent& c_;
  std::optional<ExportKind> expected_;
  bool headerOk_ = false;
  std::uint64_t hash_ = core::kFnvOffsetBasis;
  std::map<std::string, std::pair<std::size_t, std::size_t>> users_;  // fold -> (line, index)
  std::map<std::string, std::size_t> repos_, owners_;
  std::map<std::tuple<std::string, int, core::Platform>, std::size_t> entries_;
  std::map<std::int64_t, std::size_t> articles_;
};

}  // namespace

ExportContent readExport(std::string_view content, std::optional<ExportKind> expected) {
  ExportContent out;
  ExportReader(out, expected).read(content);
  return out;
}

void importExport(Store& store, const ExportContent& content) {
  if (!content.errors.empty()) throw std::logic_error("importExport of a file with errors");
  if (!content.users.empty()) store.upsertUsers(content.users);
  if (!content.entries.empty()) {
    store.restoreEntries(content.entries, content.header.kind == ExportKind::All ? Store::Figures::Keep
                                                                                 : Store::Figures::Recompute);
  }
  if (!content.articles.empty()) store.upsertArticles(content.articles);
}

}  // namespace hdoc::store
