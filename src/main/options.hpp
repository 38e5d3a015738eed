// A small command-line parser: --name VALUE, --name=VALUE, --flag, positionals, and --help text
// generated from the same spec, so the help never disagrees with what is accepted.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hdoc::cli {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::string name;   // without the dashes
  std::string value;  // metavariable ("PATH"); empty for a flag
  std::string help;
  bool repeatable = false;
};

struct CommandSpec {
  std::string usage;        // "hdoc serve [options]"
  std::string description;  // one paragraph
  std::vector<OptionSpec> options;
};

class Options {
 public:
  // Throws UsageError for unknown options, missing values, or repeated single options.
  Options(const CommandSpec& spec, const std::vector<std::string>& args);

  bool help() const { return help_; }
  bool flag(const std::string& name) const { return values_.contains(name); }
  std::optional<std::string> value(const std::string& name) const;
  std::vector<std::string> values(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

  // Typed accessors that throw UsageError naming the option.
  std::size_t count(const std::string& name, std::size_t fallback, std::size_t max) const;

 private:
  bool help_ = false;
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positionals_;
};

std::string helpText(const CommandSpec& spec);

// The value of an environment variable, or nullopt when unset or empty.
std::optional<std::string> env(const char* name);

}  // namespace hdoc::cli
