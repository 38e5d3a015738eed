#include <chrono>
#include <iostream>

#include "core/seed.hpp"
#include "main/commands.hpp"
#include "main/terminal_progress.hpp"

namespace hdoc::cli {

int seedCommand(const Args& args) {
  CommandSpec spec{
      "hdoc seed [options]",
      "Fills the store with deterministic, realistic demo data: journeyers with names, handles,\n"
      "scores and join dates, and articles whose tags follow a long-tail distribution. The same\n"
      "--seed always gives the same data. Records are upserted, so seeding twice is harmless.",
      storeOptionSpecs()};
  spec.options.push_back({"users", "N", "number of journeyers (default 1000)"});
  spec.options.push_back({"articles", "M", "number of articles (default 200)"});
  spec.options.push_back({"seed", "S", "random seed (default 1)"});
  spec.options.push_back({"if-empty", "", "do nothing when the store already has journeyers"});
  Options options(spec, args);
  if (printedHelp(spec, options)) return 0;
  if (!options.positionals().empty())
    throw UsageError("unexpected argument '" + options.positionals()[0] + "'");

  core::SeedOptions seed;
  seed.users = options.count("users", 1000, core::DemoData::kMaxUsers);
  seed.articles = options.count("articles", 200, 100'000'000);
  seed.seed = options.count("seed", 1, SIZE_MAX);
  if (seed.articles > 0 && seed.users == 0)
    throw UsageError("--articles needs at least one user to write them");
  const core::DemoData data(seed);

  auto store = store::openStore(storeOptionsFrom(options));
  if (options.flag("if-empty") && !store->listUsers(1).empty()) {
    std::cerr << "the store already has journeyers: not seeding\n";
    return 0;
  }
  const auto started = std::chrono::steady_clock::now();
  constexpr std::size_t kBatch = 50'000;  // one transaction per batch bounds memory at any size
  TerminalProgress progress("seeding");
  std::vector<core::User> users;
  for (std::size_t i = 0; i < seed.users; i += kBatch) {
    users.clear();
    for (std::size_t j = i; j < std::min(seed.users, i + kBatch); ++j) users.push_back(data.user(j));
    store->upsertUsers(users);
    progress.update(i + users.size(), seed.users + seed.articles);
  }
  std::vector<core::Article> articles;
  for (std::size_t i = 0; i < seed.articles; i += kBatch) {
    articles.clear();
    for (std::size_t j = i; j < std::min(seed.articles, i + kBatch); ++j) articles.push_back(data.article(j));
    store->upsertArticles(articles);
    progress.update(seed.users + i + articles.size(), seed.users + seed.articles);
  }
  progress.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "seeded " << seed.users << " journeyers and " << seed.articles << " articles in " << seconds
            << " s\n";
  return 0;
}

}  // namespace hdoc::cli
