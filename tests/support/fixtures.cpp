#include "support/fixtures.hpp"

#include <filesystem>
#include <stdexcept>

#include "core/record_file.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::testing {

std::string fixturePath(const std::string& name) {
  return std::string(HDOC_FIXTURES_DIR) + "/" + name;
}

bool fixturesAvailable() {
  return std::filesystem::exists(fixturePath("users.json"));
}

std::vector<core::User> fixtureUsers() {
  auto parsed = core::parseUserFile(readText(fixturePath("users.json")));
  if (!parsed.errors.empty()) throw std::runtime_error("users.json: " + parsed.errors.front());
  return parsed.records;
}

std::vector<core::Article> fixtureArticles() {
  auto parsed = core::parseArticleFile(readText(fixturePath("articles.json")));
  if (!parsed.errors.empty()) throw std::runtime_error("articles.json: " + parsed.errors.front());
  return parsed.records;
}

void importFixtures(store::Store& store) {
  store.upsertUsers(fixtureUsers());
  store.upsertArticles(fixtureArticles());
}

}  // namespace hdoc::testing
