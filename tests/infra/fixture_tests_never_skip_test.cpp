// The frontend mock data is part of the repository (tests/fixtures/frontend-mock), so a test that uses
// it has no reason to skip: a missing copy is a broken checkout and HDOC_REQUIRE_FIXTURES fails the
// test. This test keeps it that way in CI: it reads every test source and fails, naming the file and
// line, on a skip in any file that uses the fixtures; and it checks the fixtures are in the tree.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace hdoc::infra {
namespace {

namespace fs = std::filesystem;

// Spelled in two pieces so that this file, which the walk reads too, holds no skip of its own.
const std::string kSkip = std::string("GTEST_") + "SKIP";

// Every "file:line" (relative to `tests`) of a skip in a test source that uses the frontend fixtures.
std::vector<std::string> skipsInFixtureTests(const fs::path& tests, std::size_t& filesRead) {
  static const std::regex usesFixtures(
      R"(HDOC_REQUIRE_FIXTURES|HDOC_FIXTURES_DIR|\b(fixturePath|fixturesAvailable|fixtureUsers|fixtureArticles|importFixtures)\s*\()");
  const std::regex skip("\\b" + kSkip + "\\b");
  std::vector<std::string> found;
  filesRead = 0;
  for (const auto& entry : fs::recursive_directory_iterator(tests)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
    ++filesRead;
    std::ifstream in(entry.path());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    bool fixtures = false;
    for (const auto& line : lines) fixtures = fixtures || std::regex_search(line, usesFixtures);
    if (!fixtures) continue;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (std::regex_search(lines[i], skip)) {
        found.push_back(fs::relative(entry.path(), tests).string() + ":" + std::to_string(i + 1));
      }
    }
  }
  return found;
}

TEST(FixtureTests, NoTestThatUsesTheFrontendFixturesSkips) {
  std::size_t filesRead = 0;
  const auto found = skipsInFixtureTests(fs::path(HDOC_SOURCE_DIR) / "tests", filesRead);
  EXPECT_GT(filesRead, 50u) << "the walk of tests/ found almost nothing: is HDOC_SOURCE_DIR right?";
  for (const auto& at : found) {
    ADD_FAILURE() << "tests/" << at << ": " << kSkip
                  << " in a test that uses the frontend fixtures: they are in the repository, so it must "
                     "run (HDOC_REQUIRE_FIXTURES fails it when they are missing)";
  }
}

TEST(FixtureTests, TheFrontendMockDataIsInTheRepository) {
  const fs::path dir = fs::weakly_canonical(HDOC_FIXTURES_DIR);
  const fs::path source = fs::weakly_canonical(HDOC_SOURCE_DIR);
  EXPECT_EQ(fs::relative(dir, source), fs::path("tests/fixtures/frontend-mock")) << dir;
  for (const char* name : {"users.json", "articles.json", "users-snake-case.json", "README.md"}) {
    EXPECT_TRUE(fs::is_regular_file(dir / name)) << dir / name << " is missing";
  }
}

// The check itself: a skip is reported in a file that uses the fixtures, by its line, and left alone
// in one that does not (a test may skip for a reason of the machine, such as a low file limit).
TEST(FixtureTests, TheCheckNamesEachSkipInAFixtureTest) {
  testing::TempDir dir;
  const auto write = [&](const std::string& file, const std::string& text) {
    fs::create_directories((dir.path() / file).parent_path());
    std::ofstream(dir.path() / file) << text;
  };
  write("http/api_test.cpp",
        "TEST(A, B) {\n  if (!fixturesAvailable()) " + kSkip + "() << \"no data\";\n}\n");
  write("store/import_test.cpp", "void f() { importFixtures(store); }\n\n\n  " + kSkip + "();\n");
  write("server/limits_test.cpp", "TEST(A, B) { " + kSkip + "() << \"RLIMIT_NOFILE\"; }\n");
  write("core/fine_test.cpp", "TEST(A, B) { HDOC_REQUIRE_FIXTURES(); }\n");

  std::size_t filesRead = 0;
  const auto found = skipsInFixtureTests(dir.path(), filesRead);
  EXPECT_EQ(filesRead, 4u);
  EXPECT_EQ(std::set<std::string>(found.begin(), found.end()),
            (std::set<std::string>{"http/api_test.cpp:2", "store/import_test.cpp:4"}));
}

}  // namespace
}  // namespace hdoc::infra
