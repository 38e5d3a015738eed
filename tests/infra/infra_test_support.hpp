// Shared by the infrastructure tests: where the templates are, and running the cfn-lint checker
// (tests/infra/cfn_lint_check.js, on Node.js with the npm tools from tools/package.json).
#pragma once

#include <boost/json.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "support/run_command.hpp"

namespace hdoc::testing {

namespace fs = std::filesystem;

inline fs::path sourceDir() {
  return HDOC_SOURCE_DIR;
}

// Every CloudFormation/SAM template of the project: infra/*.yaml and cicd/*.yml.
inline std::vector<std::string> templateFiles() {
  std::vector<std::string> files;
  for (const char* dir : {"infra", "cicd"}) {
    if (!fs::exists(sourceDir() / dir)) continue;
    for (const auto& entry : fs::directory_iterator(sourceDir() / dir)) {
      const auto ext = entry.path().extension();
      if (ext == ".yaml" || ext == ".yml")
        files.push_back(std::string(dir) + "/" + entry.path().filename().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

inline std::string nodeBinary() {
  for (const char* candidate : {"/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"}) {
    if (fs::exists(candidate)) return candidate;
  }
  return "/usr/bin/node";
}

inline CommandResult runChecker(const std::string& mode, const std::string& file) {
  return runCommand({nodeBinary(), (sourceDir() / "tests/infra/cfn_lint_check.js").string(), mode, file});
}

// The template as JSON (intrinsic functions as {"Ref": ...}, {"Fn::Sub": ...} objects).
inline boost::json::value templateJson(const std::string& relativePath) {
  const auto result = runChecker("json", (sourceDir() / relativePath).string());
  if (result.exitCode != 0)
    throw std::runtime_error("cannot read " + relativePath + ": " + result.out + result.err);
  return boost::json::parse(result.out);
}

}  // namespace hdoc::testing
