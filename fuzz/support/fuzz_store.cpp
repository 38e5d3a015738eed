#include "support/fuzz_store.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/seed.hpp"

namespace hdoc::fuzz {
namespace {

namespace fs = std::filesystem;

class ScratchDir {
 public:
  ScratchDir() {
    const char* base = fs::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string pattern = std::string(base) + "/hdoc-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) std::abort();
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

ScratchDir& scratch() {
  static ScratchDir dir;
  return dir;
}

void seed(store::SqliteStore& store) {
  core::DemoData demo({.users = 12, .articles = 8, .seed = 7});
  std::vector<core::User> users;
  for (std::size_t i = 0; i < 12; ++i) users.push_back(demo.user(i));
  store.upsertUsers(users);
  std::vector<core::Article> articles;
  for (std::size_t i = 0; i < 8; ++i) articles.push_back(demo.article(i));
  store.upsertArticles(articles);

  core::User mine;
  mine.id = "al1ce";
  mine.name = "Alice";
  mine.githubProfile = kAliceProfile;
  mine.twitterProfile = "alice";
  mine.avatarImage = "https://avatars.githubusercontent.com/u/1";
  mine.dateJoined = "2026-04-01T08:00:00Z";
  mine.owner = alice().sub;
  store.createUser(mine);
  for (int day = 1; day <= 3; ++day) {
    core::Entry e;
    e.githubProfile = kAliceProfile;
    e.day = day;
    e.platform = day == 2 ? core::Platform::twitter : core::Platform::github;
    e.url = "https://github.com/alice-dev/day" + std::to_string(day);
    e.date = "2026-04-0" + std::to_string(day);
    store.putEntry(e);
  }
  core::Article article;
  article.title = "Day one on AWS";
  article.subtitle = "Lambda and friends";
  article.image = "https://example.com/a.png";
  article.tags = "AWS";
  article.author = kAliceProfile;
  store.createArticle(article);
}

// The seeded database, built once, closed (so its WAL is checkpointed into the main file).
const fs::path& templateFile() {
  static const fs::path path = [] {
    fs::path file = scratch().path() / "template.db";
    {
      store::SqliteStore store(file.string());
      seed(store);
    }
    return file;
  }();
  return path;
}

}  // namespace

core::Principal alice() {
  return {"sub-alice", "alice", "alice@example.com", {}};
}
core::Principal admin() {
  return {"sub-admin", "root", "root@example.com", {"admin"}};
}
core::Principal bob() {
  return {"sub-bob", "bob", "bob@example.com", {"editors"}};
}

std::int64_t fixedClock() {
  return 1777593600;  // 2026-05-01T00:00:00Z
}

store::SqliteStore& sharedStore() {
  static const std::unique_ptr<store::SqliteStore> store = [] {
    const fs::path file = scratch().path() / "shared.db";
    fs::copy_file(templateFile(), file, fs::copy_options::overwrite_existing);
    return std::make_unique<store::SqliteStore>(file.string());
  }();
  return *store;
}

std::unique_ptr<store::SqliteStore> freshStore() {
  const fs::path file = scratch().path() / "fresh.db";
  std::error_code ec;
  fs::remove(file.string() + "-wal", ec);
  fs::remove(file.string() + "-shm", ec);
  fs::copy_file(templateFile(), file, fs::copy_options::overwrite_existing);
  return std::make_unique<store::SqliteStore>(file.string());
}

}  // namespace hdoc::fuzz
