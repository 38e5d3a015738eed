// `hdoc`: one binary for the server, the command line and the AWS Lambda runtime.
#include <iostream>

#include "main/commands.hpp"

namespace {

constexpr const char* kUsage = R"(Usage: hdoc COMMAND [options]

hdoc serves the 100DaysOfCloud API: journeyers, leaderboard, articles and tags.

Commands:
  serve       serve the HTTP API (embedded SQLite by default)
  import      import a complete export, or users or articles from JSON / NDJSON files
  export      export everything (all, entries), or users or articles in the frontend's format
  seed        fill the store with deterministic demo data
  backup      copy the SQLite database to one consistent file while it is served
  restore     put a backup in place of the SQLite database (the server stopped)
  dynamodb    create-table: create the DynamoDB table and its indexes
  lambda      run as an AWS Lambda custom runtime (also when $AWS_LAMBDA_RUNTIME_API is set)

Run `hdoc COMMAND --help` for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace hdoc::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  // Lambda starts `bootstrap` without arguments and with the Runtime API's address set.
  if ((args.empty() && env("AWS_LAMBDA_RUNTIME_API")) || (!args.empty() && args[0] == "lambda")) {
    return lambdaCommand();
  }
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "serve") return serveCommand(args);
    if (command == "import") return importCommand(args);
    if (command == "export") return exportCommand(args);
    if (command == "seed") return seedCommand(args);
    if (command == "dynamodb") return dynamodbCommand(args);
    if (command == "backup") return backupCommand(args);
    if (command == "restore") return restoreCommand(args);
    if (command == "--version" || command == "version") {
      std::cout << "hdoc " << kHdocVersion << "\n";
      return 0;
    }
    throw UsageError("unknown command '" + command + "'");
  } catch (const UsageError& e) {
    std::cerr << "hdoc " << command << ": " << e.what() << "\nRun `hdoc " << command
              << " --help` for usage.\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "hdoc " << command << ": " << e.what() << "\n";
    return 1;
  }
}
