#include "store/store.hpp"

namespace hdoc::store {
namespace {
[[noreturn]] void notImplemented(const char* what) {
  throw std::logic_error(std::string(what) + " is not implemented by this store yet");
}
}  // namespace

std::optional<core::User> Store::findUserByOwner(std::string_view) { notImplemented("findUserByOwner"); }
void Store::createUser(const core::User&) { notImplemented("createUser"); }
bool Store::updateProfile(const core::User&) { notImplemented("updateProfile"); }
std::vector<core::Entry> Store::listEntries(std::string_view) { notImplemented("listEntries"); }
Store::EntryWrite Store::putEntry(const core::Entry&) { notImplemented("putEntry"); }
std::optional<core::Entry> Store::setEntryVerified(std::string_view, core::Platform, int, bool) {
  notImplemented("setEntryVerified");
}
std::optional<core::Article> Store::findArticle(std::int64_t) { notImplemented("findArticle"); }
core::Article Store::createArticle(const core::Article&) { notImplemented("createArticle"); }
bool Store::replaceArticle(const core::Article&) { notImplemented("replaceArticle"); }

}  // namespace hdoc::store
