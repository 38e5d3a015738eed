// The `hdoc` subcommands. Each takes the arguments after its name and returns the exit code;
// usage errors throw cli::UsageError (exit 2), everything else prints and exits 1.
#pragma once

#include <string>
#include <vector>

#include "main/options.hpp"
#include "store/factory.hpp"

namespace hdoc::cli {

using Args = std::vector<std::string>;

// `hdoc --version`, and the hdocVersion of a complete export's header.
inline constexpr const char* kHdocVersion = "0.1.0";

int serveCommand(const Args& args);
int importCommand(const Args& args);
int exportCommand(const Args& args);
int seedCommand(const Args& args);
int dynamodbCommand(const Args& args);
// SQLite only: online backup of the database file, and its restore (store/sqlite/backup.hpp).
int backupCommand(const Args& args);
int restoreCommand(const Args& args);
// The Lambda host: serves events until the Runtime API fails. Needs AWS_LAMBDA_RUNTIME_API (exit 2
// without it); an init failure is posted to /runtime/init/error and exits 1.
int lambdaCommand();

// --store, --db, --dynamodb-endpoint: shared by every command that opens a store.
std::vector<OptionSpec> storeOptionSpecs();
store::StoreOptions storeOptionsFrom(const Options& options);

// Prints the command's help and returns true when --help was given.
bool printedHelp(const CommandSpec& spec, const Options& options);

}  // namespace hdoc::cli
