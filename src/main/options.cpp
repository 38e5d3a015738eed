#include "main/options.hpp"

#include <cstdlib>

namespace hdoc::cli {

Options::Options(const CommandSpec& spec, const std::vector<std::string>& args) {
  bool onlyPositionals = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (onlyPositionals || arg.size() < 2 || arg[0] != '-') {
      positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      onlyPositionals = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      help_ = true;
      continue;
    }
    if (!arg.starts_with("--")) throw UsageError("unknown option '" + arg + "'");
    std::string name = arg.substr(2);
    std::optional<std::string> inlineValue;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name.resize(eq);
    }
    const OptionSpec* option = nullptr;
    for (const auto& o : spec.options) {
      if (o.name == name) option = &o;
    }
    if (!option) throw UsageError("unknown option '--" + name + "'");
    auto& slot = values_[name];
    if (!slot.empty() && !option->repeatable) throw UsageError("option '--" + name + "' given twice");
    if (option->value.empty()) {
      if (inlineValue) throw UsageError("option '--" + name + "' takes no value");
      slot.push_back("");
      continue;
    }
    if (inlineValue) {
      slot.push_back(*inlineValue);
    } else if (i + 1 < args.size()) {
      slot.push_back(args[++i]);
    } else {
      throw UsageError("option '--" + name + "' needs a value (" + option->value + ")");
    }
  }
}

std::optional<std::string> Options::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Options::values(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::size_t Options::count(const std::string& name, std::size_t fallback, std::size_t max) const {
  auto v = value(name);
  if (!v) return fallback;
  if (v->empty() || v->size() > 19 || v->find_first_not_of("0123456789") != std::string::npos) {
    throw UsageError("option '--" + name + "' must be a non-negative integer, got '" + *v + "'");
  }
  const auto n = std::stoull(*v);
  if (n > max) throw UsageError("option '--" + name + "' must be at most " + std::to_string(max));
  return static_cast<std::size_t>(n);
}

std::string helpText(const CommandSpec& spec) {
  std::string out = "Usage: " + spec.usage + "\n\n" + spec.description + "\n";
  if (!spec.options.empty()) out += "\nOptions:\n";
  for (const auto& o : spec.options) {
    std::string left = "  --" + o.name + (o.value.empty() ? "" : " " + o.value);
    if (left.size() < 30)
      left.resize(30, ' ');
    else
      left += "\n" + std::string(30, ' ');
    out += left + o.help + "\n";
  }
  out += "  --help                      show this help\n";
  return out;
}

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

}  // namespace hdoc::cli
