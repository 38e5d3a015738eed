#include "core/github_push_event.hpp"

#include <boost/json.hpp>

#include "core/date.hpp"

namespace hdoc::core {
namespace json = boost::json;

namespace {

// Reads the members of one object of the payload, recording each one that is missing or of the wrong
// type under its path ("repository.owner.login").
class Shape {
 public:
  Shape(const json::object& obj, std::string path, std::vector<FieldError>& errors)
      : obj_(obj), path_(std::move(path)), errors_(errors) {}

  std::string name(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  const json::value* find(std::string_view key) {
    const json::value* v = obj_.if_contains(key);
    if (!v) fail(key, "is required");
    return v;
  }

  std::string string(std::string_view key) {
    const json::value* v = find(key);
    if (!v) return {};
    if (!v->is_string()) return fail(key, "must be a string"), std::string();
    return std::string(v->get_string());
  }

  bool boolean(std::string_view key) {
    const json::value* v = find(key);
    if (!v) return false;
    if (!v->is_bool()) return fail(key, "must be true or false"), false;
    return v->get_bool();
  }

  const json::object* object(std::string_view key, bool nullable = false) {
    const json::value* v = find(key);
    if (!v || (nullable && v->is_null())) return nullptr;
    if (!v->is_object())
      return fail(key, nullable ? "must be an object or null" : "must be an object"), nullptr;
    return &v->get_object();
  }

  void nullableString(std::string_view key) {
    const json::value* v = find(key);
    if (v && !v->is_string() && !v->is_null()) fail(key, "must be a string or null");
  }

  std::vector<std::string> strings(std::string_view key) {
    std::vector<std::string> out;
    const json::value* v = find(key);
    if (!v) return out;
    if (!v->is_array()) return fail(key, "must be an array of strings"), out;
    for (const auto& item : v->get_array()) {
      if (!item.is_string()) return fail(key, "must be an array of strings"), std::vector<std::string>();
      out.emplace_back(item.get_string());
    }
    return out;
  }

  void fail(std::string_view key, std::string problem) { errors_.push_back({name(key), std::move(problem)}); }

 private:
  const json::object& obj_;
  std::string path_;
  std::vector<FieldError>& errors_;
};

PushCommit readCommit(const json::object& obj, const std::string& path, std::vector<FieldError>& errors) {
  Shape s(obj, path, errors);
  PushCommit c;
  c.id = s.string("id");
  s.string("tree_id");
  c.distinct = s.boolean("distinct");
  s.string("message");
  c.timestamp = s.string("timestamp");
  if (obj.contains("timestamp") && obj.at("timestamp").is_string()) {
    if (const auto instant = parseIsoInstant(c.timestamp)) {
      c.epochSeconds = *instant;
    } else {
      s.fail("timestamp", "must be an ISO 8601 date-time with seconds and a zone");
    }
  }
  c.url = s.string("url");
  s.object("author");
  s.object("committer");
  c.added = s.strings("added");
  c.removed = s.strings("removed");
  c.modified = s.strings("modified");
  return c;
}

}  // namespace

std::optional<std::int64_t> parseIsoInstant(std::string_view s) {
  if (s.size() < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  const auto days = parseDate(s.substr(0, 10));
  int h, mi, sec;
  if (!days || !digitsAt(s, 11, 2, h) || !digitsAt(s, 14, 2, mi) || !digitsAt(s, 17, 2, sec)) {
    return std::nullopt;
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;  // 60: a leap second, as RFC 3339 allows
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {  // a fraction of a second does not change the second
    const std::size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  const std::string_view zone = s.substr(pos);
  std::int64_t offsetMinutes = 0;
  if (zone != "Z" && zone != "z") {
    int oh, om;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
        !digitsAt(zone, 1, 2, oh) || !digitsAt(zone, 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offsetMinutes = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Local time minus its offset is UTC: 03:05:29-07:00 is 10:05:29Z.
  return ((*days * 24 + h) * 60 + mi - offsetMinutes) * 60 + sec;
}

std::variant<PushEvent, std::vector<FieldError>> readPushEvent(const json::value& payload) {
  std::vector<FieldError> errors;
  if (!payload.is_object()) return std::vector<FieldError>{{"(body)", "must be a JSON object"}};
  const json::object& root = payload.get_object();
  Shape s(root, "", errors);
  PushEvent e;
  e.ref = s.string("ref");
  e.before = s.string("before");
  e.after = s.string("after");
  e.created = s.boolean("created");
  e.deleted = s.boolean("deleted");
  e.forced = s.boolean("forced");
  s.nullableString("base_ref");
  s.string("compare");
  if (const json::value* commits = s.find("commits")) {
    if (!commits->is_array()) {
      s.fail("commits", "must be an array of commits");
    } else {
      const auto& list = commits->get_array();
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = "commits[" + std::to_string(i) + "]";
        if (!list[i].is_object()) {
          errors.push_back({path, "must be a commit object"});
          continue;
        }
        e.commits.push_back(readCommit(list[i].get_object(), path, errors));
      }
    }
  }
  s.object("head_commit", true);
  if (const json::object* repo = s.object("repository")) {
    Shape r(*repo, "repository", errors);
    e.repository.fullName = r.string("full_name");
    e.repository.name = r.string("name");
    if (const json::object* owner = r.object("owner")) {
      Shape o(*owner, "repository.owner", errors);
      e.repository.ownerLogin = o.string("login");
    }
    e.repository.defaultBranch = r.string("default_branch");
    e.repository.fork = r.boolean("fork");
    if (errors.empty() && e.repository.fullName != e.repository.ownerLogin + "/" + e.repository.name) {
      r.fail("full_name", "must be repository.owner.login/repository.name");
    }
  }
  s.object("pusher");
  s.object("sender");
  if (!errors.empty()) return errors;
  return e;
}

std::variant<PingEvent, std::vector<FieldError>> readPingEvent(const json::value& payload) {
  std::vector<FieldError> errors;
  if (!payload.is_object()) return std::vector<FieldError>{{"(body)", "must be a JSON object"}};
  const json::object& root = payload.get_object();
  Shape s(root, "", errors);
  PingEvent p;
  p.zen = s.string("zen");
  if (const json::value* id = s.find("hook_id")) {
    if (id->is_int64()) {
      p.hookId = id->get_int64();
    } else if (id->is_uint64()) {
      s.fail("hook_id", "must be an integer of at most 2^63-1");
    } else {
      s.fail("hook_id", "must be an integer");
    }
  }
  s.object("hook");
  if (!errors.empty()) return errors;
  return p;
}

}  // namespace hdoc::core
