// store/export_stream on a real SQLite store: what writeExport writes, readExport reads back to the
// same records, and the checks of readExport that the command-line tests do not reach
// (tests/main/export_all_test.cpp has the round trip through DynamoDB Local and the damaged files).
#include <gtest/gtest.h>

#include <sstream>

#include "store/export_stream.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::store {
namespace {

core::User someone(const std::string& profile, const std::string& owner) {
  core::User u;
  u.id = "id-" + profile;
  u.name = "Name " + profile;
  u.githubProfile = profile;
  u.githubScore = 9;
  u.dateJoined = "2024-01-0" + std::to_string(profile.size() % 9 + 1) + "T00:00:00Z";
  u.bio = "two\nlines";
  u.owner = owner;
  return u;
}

std::string exportOf(Store& store, ExportKind kind = ExportKind::All) {
  std::ostringstream out;
  writeExport(store, {kind, "9.9.9", "2024-03-10T12:00:00Z"}, out);
  return out.str();
}

TEST(ExportStream, WhatIsWrittenReadsBackToTheSameRecords) {
  testing::TempDir dir;
  SqliteStore store(dir.file("x.db"));
  std::vector<core::User> users = {someone("amy", "sub-amy"), someone("bo", "")};
  users[0].githubJourneyRepo = "amy/100DaysOfCloud";
  store.upsertUsers(users);
  core::Entry e{"amy", 3, core::Platform::twitter, "https://example.com/3", "2024-02-01", false};
  store.restoreEntries(std::vector<core::Entry>{e}, Store::Figures::Keep);
  store.upsertArticles(std::vector<core::Article>{{7, "Title\twith a tab", "S", "", "GCP", "amy"}});

  const std::string text = exportOf(store);
  EXPECT_EQ(
      text.substr(0, text.find('\n')),
      R"({"format":"hdoc-export","version":1,"kind":"all","hdocVersion":"9.9.9","exportedAt":"2024-03-10T12:00:00Z"})");
  const ExportContent content = readExport(text);
  ASSERT_TRUE(content.errors.empty()) << content.errors.front();
  EXPECT_EQ(content.users, store.listUsers(std::nullopt));
  ASSERT_EQ(content.users.size(), 2u);
  EXPECT_EQ(content.users[1].githubProfile, "amy");  // registration order: bo joined first
  EXPECT_EQ(content.users[1].owner, "sub-amy");
  EXPECT_EQ(content.entries, std::vector<core::Entry>{e});
  EXPECT_EQ(content.articles, store.listArticles(std::nullopt, std::nullopt));
  EXPECT_EQ(content.counts, (ExportCounts{2, 1, 1, 1}));

  // Imported into another store, it exports the same bytes.
  SqliteStore other(dir.file("y.db"));
  importExport(other, content);
  EXPECT_EQ(exportOf(other), text);

  // The entries export holds the entry lines only.
  const ExportContent entries = readExport(exportOf(store, ExportKind::Entries), ExportKind::Entries);
  ASSERT_TRUE(entries.errors.empty()) << entries.errors.front();
  EXPECT_TRUE(entries.users.empty());
  EXPECT_EQ(entries.entries, std::vector<core::Entry>{e});
}

// A file of the given lines after a header, with an end line whose counts and checksum are not
// checked: these errors come first.
std::vector<std::string> errorsOf(const std::vector<std::string>& lines) {
  std::string text = R"({"format":"hdoc-export","version":1,"kind":"all"})"
                     "\n";
  for (const auto& l : lines) text += l + "\n";
  text += R"({"type":"end"})"
          "\n";
  return readExport(text).errors;
}

const std::string kAmy =
    R"({"type":"user","record":{"id":"a1","name":"Amy","daysCompleted":0,"githubProfile":"amy","githubScore":0,)"
    R"("githubStreak":0,"twitterProfile":"","twitterScore":0,"twitterStreak":0,"linkedinProfile":"","status":true,)"
    R"("avatarImage":"","dateJoined":"2024-01-01T00:00:00Z"}})";

TEST(ExportStream, EachKeyOnceAndEveryLineKnown) {
  auto first = [](const std::vector<std::string>& lines) {
    const auto errors = errorsOf(lines);
    return errors.empty() ? std::string("(none)") : errors.front();
  };
  std::string amyAgain = kAmy;
  amyAgain.replace(amyAgain.find("\"amy\""), 5, "\"AMY\"");
  EXPECT_EQ(first({kAmy, amyAgain}), "line 3: githubProfile: 'AMY' is on line 2 already");
  EXPECT_EQ(first({kAmy, R"({"type":"owner","githubProfile":"amy","owner":"s1"})",
                   R"({"type":"owner","githubProfile":"amy","owner":"s2"})"}),
            "line 4: owner: 'amy' has an owner already");
  EXPECT_EQ(first({R"({"type":"owner","githubProfile":"amy","owner":"s1"})"}),
            "line 2: owner of 'amy', whose user line does not come before it");
  EXPECT_EQ(first({kAmy, R"({"type":"owner","githubProfile":"amy","owner":"s1","admin":true})"}),
            "line 3: admin: unknown field");
  EXPECT_EQ(first({R"({"type":"group"})"}), "line 2: type: must be one of user, owner, entry, article, end");
  EXPECT_EQ(first({"[1,2]"}), "line 2: not a JSON object");
  EXPECT_EQ(
      first(
          {R"({"type":"article","record":{"id":1,"title":"t","subtitle":"s","image":"","tags":"","author":"a"}})"}),
      "line 2: tags: must not be empty");
  const std::string entry =
      R"({"type":"entry","record":{"githubProfile":"amy","day":1,"platform":"github","url":"https://e.com/1","date":"2024-02-30","verified":true}})";
  EXPECT_EQ(first({kAmy, entry}), "line 3: date: must be a real date, YYYY-MM-DD");
  // Nothing after the end line.
  std::string text = R"({"format":"hdoc-export","version":1,"kind":"all"})"
                     "\n"
                     R"({"type":"end","users":0,"owners":0,"entries":0,"articles":0,"checksum":"x"})"
                     "\n"
                     "{}\n";
  EXPECT_EQ(readExport(text).errors.back(), "line 3: nothing may follow the end line");
}

}  // namespace
}  // namespace hdoc::store
