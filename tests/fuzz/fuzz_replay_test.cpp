// The fuzz targets in the normal test suite: every committed seed (fuzz/corpus/<target>/) and every
// input that once found a bug (fuzz/regressions/<target>/) runs through its target. A target aborts on
// a broken invariant, so a regression kills this test; under the asan preset the replay is sanitized.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include "targets.hpp"

namespace hdoc::fuzz {

// The test name's comment shows the target's name, not its bytes.
void PrintTo(const NamedTarget& target, std::ostream* os) {
  *os << target.name;
}

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputsOf(const std::string& kind, const std::string& target) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(HDOC_FUZZ_DIR) / kind / target;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename().string().front() != '.')
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string bytesOf(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class FuzzReplay : public ::testing::TestWithParam<NamedTarget> {};

TEST_P(FuzzReplay, EveryCorpusAndRegressionInputPasses) {
  const NamedTarget target = GetParam();
  const auto corpus = inputsOf("corpus", target.name);
  const auto regressions = inputsOf("regressions", target.name);
  // A target whose seed folder vanished would pass vacuously.
  ASSERT_GE(corpus.size(), 5u) << "too few seeds in fuzz/corpus/" << target.name;
  for (const auto* files : {&corpus, &regressions}) {
    for (const auto& file : *files) {
      SCOPED_TRACE(file.string());
      const std::string bytes = bytesOf(file);
      EXPECT_EQ(target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
    }
  }
  // The empty input and a few degenerate ones, which every target must take.
  for (const std::string& bytes :
       {std::string(), std::string(1, '\0'), std::string("\n\n\n"), std::string(4096, '{')}) {
    EXPECT_EQ(target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplay, ::testing::ValuesIn(kTargets),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace hdoc::fuzz
