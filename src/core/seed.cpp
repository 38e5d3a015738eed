#include "core/seed.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include "core/date.hpp"
#include "core/seed_words.hpp"

namespace hdoc::core {
namespace {

// splitmix64's finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mix, written out so the
// output is the same on every compiler and standard library.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// What a random stream is for: each field group of a record draws from its own stream, so adding
// a draw to one group never shifts the values of another.
enum class Kind : std::uint64_t { kName = 1, kProfiles, kScores, kJoined, kArticle, kIdKey };

// A splitmix64 sequence keyed by (seed, kind, index).
class Stream {
 public:
  Stream(std::uint64_t seed, Kind kind, std::uint64_t index)
      : state_(mix64(mix64(seed ^ (static_cast<std::uint64_t>(kind) << 56)) + index)) {}

  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    return mix64(state_);
  }

  // Uniform in [0, n) by multiply-shift (Lemire); the bias is below 2^-40 for the n used here.
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }

  std::int64_t between(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }

  bool percent(unsigned p) { return below(100) < p; }

  std::string_view pick(std::span<const std::string_view> words) { return words[below(words.size())]; }

 private:
  std::uint64_t state_;
};

constexpr std::uint64_t kIdSpace = 916'132'832;  // 62^5
static_assert(kIdSpace == DemoData::kMaxUsers);

// A keyed permutation of [0, 2^30) (a 4-round Feistel network on 15-bit halves), restricted to
// [0, 62^5) by cycle walking: distinct indexes always get distinct ids that still look random.
std::uint64_t permuteId(std::uint64_t x, std::uint64_t key) {
  do {
    std::uint64_t left = x >> 15;
    std::uint64_t right = x & 0x7FFF;
    for (std::uint64_t round = 0; round < 4; ++round) {
      const std::uint64_t f = mix64(right ^ (key + round * 0x9E3779B97F4A7C15ull)) & 0x7FFF;
      const std::uint64_t newRight = left ^ f;
      left = right;
      right = newRight;
    }
    x = (left << 15) | right;
  } while (x >= kIdSpace);
  return x;
}

void appendLower(std::string& out, std::string_view s) {
  const std::size_t at = out.size();
  out.resize(at + s.size());
  for (std::size_t k = 0; k < s.size(); ++k) {
    const char c = s[k];
    out[at + k] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
}

struct PersonName {
  std::string_view first;
  std::string_view last;
};

PersonName personName(std::uint64_t seed, std::size_t i) {
  Stream s(seed, Kind::kName, i);
  const std::string_view first = s.pick(seed_words::firstNames());
  return {first, s.pick(seed_words::lastNames())};
}

std::int64_t clamp(std::int64_t v, std::int64_t lo, std::int64_t hi) {
  return std::max(lo, std::min(v, hi));
}

}  // namespace

DemoData::DemoData(SeedOptions options) : options_(options) {
  if (options_.users > kMaxUsers) {
    throw std::invalid_argument("at most " + std::to_string(kMaxUsers) + " users can have distinct ids");
  }
  if (options_.articles > 0 && options_.users == 0) {
    throw std::invalid_argument("articles need at least one user to write them");
  }
  // Zipf weights with exponent 1, in integers so every platform draws the same tags.
  std::uint64_t total = 0;
  const auto tags = seed_words::tags();
  tagCumulative_.reserve(tags.size());
  for (std::size_t k = 0; k < tags.size(); ++k) {
    total += 1'000'000'000ull / (k + 1);
    tagCumulative_.push_back(total);
  }
}

const std::vector<std::string>& DemoData::tagVocabulary() {
  static const std::vector<std::string> vocabulary = [] {
    std::vector<std::string> out;
    for (std::string_view t : seed_words::tags()) out.emplace_back(t);
    return out;
  }();
  return vocabulary;
}

// A name-based handle followed by the decimal index. The handle part never holds a digit, so the
// index can be read back from the end and two indexes never share a handle (in any letter case).
std::string DemoData::githubProfile(std::size_t i) const {
  const PersonName n = personName(options_.seed, i);
  Stream s(options_.seed, Kind::kProfiles, i);
  const std::string suffix = std::to_string(i);
  std::string handle;
  handle.reserve(40);
  switch (s.below(6)) {
    case 0:  // fdurham
    case 1:
      appendLower(handle, n.first.substr(0, 1));
      appendLower(handle, n.last);
      break;
    case 2:  // forbesdurham
      appendLower(handle, n.first);
      appendLower(handle, n.last);
      break;
    case 3:  // forbes-durham
      appendLower(handle, n.first);
      handle.push_back('-');
      appendLower(handle, n.last);
      break;
    case 4:  // ForbesD
      handle.append(n.first);
      handle.append(n.last.substr(0, 1));
      break;
    default:  // forbes_dur
      appendLower(handle, n.first);
      handle.push_back('_');
      appendLower(handle, n.last.substr(0, 3));
      break;
  }
  handle.resize(std::min(handle.size(), 39 - suffix.size()));
  handle.append(suffix);
  return handle;
}

std::string DemoData::userId(std::size_t i) const {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const std::uint64_t key = Stream(options_.seed, Kind::kIdKey, 0).next();
  std::uint64_t x = permuteId(i, key);
  std::string id(5, '0');
  for (char& c : id) {
    c = kAlphabet[x % 62];
    x /= 62;
  }
  return id;
}

User DemoData::user(std::size_t i) const {
  const PersonName n = personName(options_.seed, i);
  User u;
  u.id = userId(i);
  u.name.reserve(n.first.size() + 1 + n.last.size());
  u.name.append(n.first).append(" ").append(n.last);
  u.githubProfile = githubProfile(i);

  // Social handles: often the GitHub one, otherwise name-based (these need not be unique).
  Stream p(options_.seed, Kind::kProfiles, i);
  p.next();  // the draw githubProfile used for its style
  if (p.percent(55) && u.githubProfile.size() <= 15) {
    u.twitterProfile = u.githubProfile;
    std::replace(u.twitterProfile.begin(), u.twitterProfile.end(), '-', '_');
  } else {
    appendLower(u.twitterProfile, n.first.substr(0, 9));
    u.twitterProfile.push_back('_');
    appendLower(u.twitterProfile, n.last.substr(0, 5));
  }
  appendLower(u.linkedinProfile, n.first);
  u.linkedinProfile.push_back('-');
  appendLower(u.linkedinProfile, n.last);
  u.linkedinProfile.push_back('-');
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::uint64_t h = p.next(), k = 0; k < 8; ++k, h >>= 4) u.linkedinProfile.push_back(kHex[h & 15]);

  // Progress: most people stop early, about one in eight finishes all 100 days; scores and streaks
  // follow progress with noise, and about a third never post on Twitter.
  Stream s(options_.seed, Kind::kScores, i);
  u.daysCompleted = s.percent(12) ? 100 : static_cast<std::int64_t>(std::min(s.below(100), s.below(100)));
  const std::int64_t streakCap = std::min<std::int64_t>(50, u.daysCompleted);
  u.githubStreak = s.between(0, streakCap);
  u.githubScore = clamp(u.daysCompleted * 7 / 4 + s.between(-20, 20), 0, 200);
  if (s.percent(30)) {
    u.twitterScore = 0;
    u.twitterStreak = 0;
  } else {
    u.twitterScore = clamp(u.daysCompleted * s.between(50, 150) / 100 + s.between(0, 20), 0, 200);
    u.twitterStreak = s.between(0, streakCap) / s.between(1, 2);
  }
  u.status = s.percent(88);

  u.avatarImage.reserve(60 + u.githubProfile.size());
  u.avatarImage.append("https://robohash.org/").append(u.githubProfile).append(".png?size=300x300&set=set1");

  // Join dates from 2020-05-01 to 2026-11-01 with a density that grows linearly (a growing
  // community): the larger of two uniform draws has exactly that distribution.
  static const std::int64_t kStart = daysFromCivil(2020, 5, 1) * 86400;
  static const std::int64_t kSpan = daysFromCivil(2026, 11, 1) * 86400 - kStart;
  Stream j(options_.seed, Kind::kJoined, i);
  const auto span = static_cast<std::uint64_t>(kSpan);
  u.dateJoined =
      formatUtcTimestamp(kStart + static_cast<std::int64_t>(std::max(j.below(span), j.below(span))));
  return u;
}

Article DemoData::article(std::size_t i) const {
  Stream s(options_.seed, Kind::kArticle, i);
  Article a;
  a.id = static_cast<std::int64_t>(i) + 1;

  a.title.append(s.pick(seed_words::titleVerbs()));
  a.title[0] = static_cast<char>(a.title[0] - 'a' + 'A');
  a.title.append(" ").append(s.pick(seed_words::titleAdjectives()));
  a.title.append(" ").append(s.pick(seed_words::titleNouns()));

  const auto words = s.between(5, 12);
  for (std::int64_t w = 0; w < words; ++w) {
    if (w > 0) a.subtitle.push_back(' ');
    a.subtitle.append(s.pick(seed_words::subtitleWords()));
  }

  static constexpr std::string_view kColours[] = {"cc0000/ffffff", "ff4444/ffffff", "dddddd/000000",
                                                  "5fa2dd/ffffff", "ff8800/ffffff", "232f3e/ff9900"};
  a.image.append("http://dummyimage.com/")
      .append(std::to_string(s.between(1000, 2000)))
      .append("x")
      .append(std::to_string(s.between(600, 1100)))
      .append(".png/")
      .append(s.pick(kColours));

  const std::uint64_t draw = s.below(tagCumulative_.back());
  const auto rank =
      std::upper_bound(tagCumulative_.begin(), tagCumulative_.end(), draw) - tagCumulative_.begin();
  a.tags = seed_words::tags()[static_cast<std::size_t>(rank)];

  a.author = githubProfile(static_cast<std::size_t>(s.below(options_.users)));
  return a;
}

}  // namespace hdoc::core
