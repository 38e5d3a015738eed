// The layers of src/ point inward (README, "Layout"): core <- store, auth <- http <- server, lambda,
// metrics <- main. CMake cannot see a header included across the rule (every layer shares one include root),
// so this test reads every file under src/ and fails, naming the file and the include, on each #include of a
// layer the file's own layer may not use.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace hdoc::infra {
namespace {

namespace fs = std::filesystem;

// What each layer may include besides itself.
const std::map<std::string, std::set<std::string>> kMayInclude = {
    {"core", {}},
    {"store", {"core"}},
    {"auth", {"core"}},
    {"http", {"core", "store", "auth"}},
    {"server", {"core", "store", "auth", "http"}},
    {"lambda", {"core", "store", "auth", "http"}},
    {"metrics", {"core", "store", "auth", "http"}},
    {"main", {"core", "store", "auth", "http", "server", "lambda", "metrics"}},
};

struct Violation {
  std::string file;  // relative to src/
  int line = 0;
  std::string include;  // as written
  std::string layer;    // of the file
  std::string target;   // the layer the include reaches
};

std::string describe(const Violation& v) {
  std::string allowed;
  for (const auto& layer : kMayInclude.at(v.layer)) allowed += (allowed.empty() ? "" : ", ") + layer;
  return "src/" + v.file + ":" + std::to_string(v.line) + ": #include \"" + v.include + "\": " + v.layer +
         " may not include " + v.target + " (only itself" + (allowed.empty() ? "" : " and " + allowed) + ")";
}

// The layer of a path relative to src/ (its first component), or "" when it is not one of them.
std::string layerOf(const fs::path& relative) {
  if (relative.empty()) return {};
  const std::string first = relative.begin()->string();
  return kMayInclude.count(first) ? first : std::string();
}

// Every include under `src` that crosses the rule. An include is resolved as the compiler would for
// this tree: first beside the including file, then from the src/ root. Includes that are neither
// (system and library headers) are not hdoc's layers and are left alone.
std::vector<Violation> violations(const fs::path& src, std::size_t& filesRead) {
  static const std::regex include(R"re(^\s*#\s*include\s*["<]([^">]+)[">])re");
  std::vector<Violation> found;
  filesRead = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp" && ext != ".h")) continue;
    const fs::path relative = fs::relative(entry.path(), src);
    const std::string layer = layerOf(relative);
    ++filesRead;
    std::ifstream in(entry.path());
    std::string text;
    int lineNumber = 0;
    while (std::getline(in, text)) {
      ++lineNumber;
      std::smatch m;
      if (!std::regex_search(text, m, include)) continue;
      const fs::path written = m[1].str();
      std::string target;
      if (fs::exists(entry.path().parent_path() / written)) {
        target = layerOf(fs::relative(fs::weakly_canonical(entry.path().parent_path() / written),
                                      fs::weakly_canonical(src)));
      } else if (fs::exists(src / written)) {
        target = layerOf(written);
      }
      if (target.empty() || layer.empty() || target == layer || kMayInclude.at(layer).count(target)) continue;
      found.push_back({relative.string(), lineNumber, m[1].str(), layer, target});
    }
  }
  return found;
}

TEST(Layering, EveryIncludeUnderSrcPointsInward) {
  std::size_t filesRead = 0;
  const auto found = violations(fs::path(HDOC_SOURCE_DIR) / "src", filesRead);
  EXPECT_GT(filesRead, 50u) << "the walk of src/ found almost nothing: is HDOC_SOURCE_DIR right?";
  for (const auto& v : found) ADD_FAILURE() << describe(v);
}

TEST(Layering, EveryFolderOfSrcIsALayer) {
  for (const auto& entry : fs::directory_iterator(fs::path(HDOC_SOURCE_DIR) / "src")) {
    if (!entry.is_directory()) continue;
    EXPECT_TRUE(kMayInclude.count(entry.path().filename().string()))
        << "src/" << entry.path().filename().string()
        << " is not in kMayInclude: say which layers it may include (README, \"Layout\")";
  }
}

// The check itself, on a tree made to break the rule in each way it can be broken.
TEST(Layering, NamesTheFileAndTheIncludeOfEachViolation) {
  testing::TempDir dir;
  const auto write = [&](const std::string& file, const std::string& text) {
    fs::create_directories((dir.path() / file).parent_path());
    std::ofstream(dir.path() / file) << text;
  };
  write("src/core/model.hpp", "#pragma once\n");
  write("src/http/api.hpp", "#pragma once\n#include \"core/model.hpp\"\n");
  write("src/server/server.hpp", "#pragma once\n");
  write("src/lambda/runtime.hpp", "#pragma once\n");
  write("src/core/bad.cpp",
        "#include <string>\n// #include \"http/api.hpp\" in a comment is no include\n"
        "  #  include \"http/api.hpp\"\n");
  write("src/lambda/bad.cpp", "#include \"server/server.hpp\"\n#include \"lambda/runtime.hpp\"\n");
  write("src/store/sqlite/bad.cpp", "#include \"../../http/api.hpp\"\n");
  write("src/main/fine.cpp", "#include \"server/server.hpp\"\n#include \"lambda/runtime.hpp\"\n");

  std::size_t filesRead = 0;
  auto found = violations(dir.path() / "src", filesRead);
  EXPECT_EQ(filesRead, 8u);
  std::set<std::string> messages;
  for (const auto& v : found) messages.insert(describe(v));
  EXPECT_EQ(messages,
            (std::set<std::string>{
                "src/core/bad.cpp:3: #include \"http/api.hpp\": core may not include http (only itself)",
                "src/lambda/bad.cpp:1: #include \"server/server.hpp\": lambda may not include server "
                "(only itself and auth, core, http, store)",
                "src/store/sqlite/bad.cpp:1: #include \"../../http/api.hpp\": store may not include http "
                "(only itself and core)",
            }));
}

}  // namespace
}  // namespace hdoc::infra
