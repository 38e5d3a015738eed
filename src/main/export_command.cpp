#include <cstdio>
#include <fstream>
#include <iostream>

#include "core/json_writer.hpp"
#include "main/commands.hpp"

namespace hdoc::cli {

int exportCommand(const Args& args) {
  CommandSpec spec{"hdoc export users|articles [options]",
                   "Writes every record in the frontend's format ({\"users\": [...]} in registration order,\n"
                   "{\"articles\": [...]} by id), one record per line; `hdoc import` of the output\n"
                   "reproduces the data exactly.",
                   storeOptionSpecs()};
  spec.options.push_back({"out", "FILE", "write to FILE instead of standard output"});
  Options options(spec, args);
  if (printedHelp(spec, options)) return 0;
  const auto& pos = options.positionals();
  if (pos.size() != 1 || (pos[0] != "users" && pos[0] != "articles")) {
    throw UsageError("export needs exactly one of: users, articles");
  }
  auto store = store::openStore(storeOptionsFrom(options));

  std::ofstream file;
  if (auto out = options.value("out")) {
    file.open(*out, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error(*out + ": cannot write");
  }
  std::ostream& out = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
  std::string line;
  bool first = true;
  auto emit = [&](const auto& record) {
    line.clear();
    line += first ? "\n" : ",\n";
    core::appendJson(line, record);
    out << line;
    first = false;
  };
  out << "{\"" << pos[0] << "\":[";
  if (pos[0] == "users") {
    store->forEachUser(emit);
  } else {
    store->forEachArticle(emit);
  }
  out << (first ? "]}\n" : "\n]}\n");
  out.flush();
  if (!out) throw std::runtime_error("export: write failed");
  return 0;
}

}  // namespace hdoc::cli
