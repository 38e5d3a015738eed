// Shared by the infrastructure tests: where the templates are, AWS's cfn-lint (Python, found on PATH
// or under pyenv; scripts/install-deps.sh checks for it), and the templates as JSON read by cfn-lint's
// own decoder (tests/infra/template_json.py).
#pragma once

#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <optional>
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

// The first executable `name` on PATH.
inline std::optional<fs::path> onPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string rest = path ? path : "";
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const fs::path candidate = fs::path(rest.substr(0, colon)) / name;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    rest = colon == std::string::npos ? "" : rest.substr(colon + 1);
  }
  return std::nullopt;
}

inline const char* kNoCfnLint =
    "AWS's cfn-lint is neither on PATH nor in pyenv's shims ($PYENV_ROOT, else ~/.pyenv): install it "
    "(pip install cfn-lint); scripts/install-deps.sh checks for it";

// cfn-lint on PATH, else pyenv's shim for it (the machine image installs it under pyenv, whose shims
// are on PATH only in interactive shells; a shim runs without them).
inline std::optional<fs::path> cfnLint() {
  if (auto found = onPath("cfn-lint")) return found;
  const char* root = std::getenv("PYENV_ROOT");
  const char* home = std::getenv("HOME");
  const fs::path pyenv = root && *root ? fs::path(root) : fs::path(home ? home : "/root") / ".pyenv";
  const fs::path shim = pyenv / "shims" / "cfn-lint";
  if (::access(shim.c_str(), X_OK) == 0) return shim;
  return std::nullopt;
}

// The Python that has cfn-lint's modules: the python3 beside the cfn-lint script (a virtualenv's,
// pipx's or pyenv's bin directory), else the one on PATH.
inline fs::path cfnLintPython() {
  if (const auto lint = cfnLint()) {
    std::error_code ec;
    const fs::path beside = fs::canonical(*lint, ec).parent_path() / "python3";
    if (!ec && fs::exists(beside)) return beside;
  }
  return onPath("python3").value_or("/usr/bin/python3");
}

inline testing::CommandResult runCfnLint(const std::vector<std::string>& args) {
  std::vector<std::string> argv{cfnLint().value_or("cfn-lint").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return testing::runCommand(argv);
}

// The templates at `paths` as JSON, intrinsic functions in their long form ({"Ref": ...},
// {"Fn::GetAtt": ["Resource", "Attribute"]}), keyed by path.
inline boost::json::object templatesJsonAt(const std::vector<fs::path>& paths) {
  std::vector<std::string> argv{cfnLintPython().string(),
                                (sourceDir() / "tests/infra/template_json.py").string()};
  for (const auto& p : paths) argv.push_back(p.string());
  const auto result = testing::runCommand(argv);
  if (result.exitCode != 0) throw std::runtime_error("cannot read the templates: " + result.out + result.err);
  return boost::json::parse(result.out).as_object();
}

inline boost::json::value templateJsonAt(const fs::path& path) {
  return templatesJsonAt({path}).at(path.string());
}

// One of templateFiles() as JSON. All of them are read on first use, in one run of the decoder
// (importing cfn-lint takes seconds), and kept for the test process.
inline boost::json::value templateJson(const std::string& relativePath) {
  static const boost::json::object all = [] {
    std::vector<fs::path> paths;
    for (const auto& file : templateFiles()) paths.push_back(sourceDir() / file);
    return templatesJsonAt(paths);
  }();
  if (const auto* found = all.if_contains((sourceDir() / relativePath).string())) return *found;
  return templateJsonAt(sourceDir() / relativePath);
}

}  // namespace hdoc::testing
