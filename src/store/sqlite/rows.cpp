#include "store/sqlite/rows.hpp"

#include "core/date.hpp"
#include "core/github_repo.hpp"
#include "core/text.hpp"

namespace hdoc::store::sqlite {

core::User readUser(const Statement& s) {
  core::User u;
  u.id = s.text(0);
  u.name = s.text(1);
  u.daysCompleted = s.integer(2);
  u.githubProfile = s.text(3);
  u.githubScore = s.integer(4);
  u.githubStreak = s.integer(5);
  u.twitterProfile = s.text(6);
  u.twitterScore = s.integer(7);
  u.twitterStreak = s.integer(8);
  u.linkedinProfile = s.text(9);
  u.status = s.integer(10) != 0;
  u.avatarImage = s.text(11);
  u.dateJoined = s.text(12);
  if (!s.isNull(13)) u.bio = s.text(13);
  if (!s.isNull(14)) u.owner = s.text(14);
  if (!s.isNull(15)) u.githubJourneyRepo = s.text(15);
  return u;
}

core::Article readArticle(const Statement& s) {
  return core::Article{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)};
}

core::Entry readEntry(const Statement& s, const std::string& githubProfile) {
  core::Entry e;
  e.githubProfile = githubProfile;
  e.day = static_cast<int>(s.integer(0));
  e.platform = core::parsePlatform(s.text(1)).value_or(core::Platform::github);
  e.url = s.text(2);
  e.date = s.text(3);
  e.verified = s.integer(4) != 0;
  return e;
}

void bindArticleRow(Statement& stmt, const core::Article& a) {
  stmt.bind(1, a.id)
      .bind(2, a.title)
      .bind(3, a.subtitle)
      .bind(4, a.image)
      .bind(5, a.tags)
      .bind(6, core::asciiFold(a.tags))
      .bind(7, a.author);
}

void bindJourneyRepo(Statement& stmt, int index, const core::User& u) {
  if (u.githubJourneyRepo) {
    stmt.bind(index, *u.githubJourneyRepo).bind(index + 1, core::journeyRepoKey(*u.githubJourneyRepo));
  } else {
    stmt.bindNull(index).bindNull(index + 1);
  }
}

void bindUserRow(Statement& stmt, const core::User& u) {
  stmt.bind(1, core::asciiFold(u.githubProfile))
      .bind(2, u.githubProfile)
      .bind(3, u.id)
      .bind(4, u.name)
      .bind(5, u.daysCompleted)
      .bind(6, u.githubScore)
      .bind(7, u.githubStreak)
      .bind(8, u.twitterProfile)
      .bind(9, u.twitterScore)
      .bind(10, u.twitterStreak)
      .bind(11, u.linkedinProfile)
      .bind(12, std::int64_t{u.status ? 1 : 0})
      .bind(13, u.avatarImage)
      .bind(14, u.dateJoined)
      .bind(15, core::parseUtcTimestamp(u.dateJoined).value_or(0));
  if (u.bio) {
    stmt.bind(16, *u.bio);
  } else {
    stmt.bindNull(16);
  }
  // An import carries no owner: a written profile keeps the one it has.
  if (u.owner.empty()) {
    stmt.bindNull(17);
  } else {
    stmt.bind(17, u.owner);
  }
  bindJourneyRepo(stmt, 18, u);
}

}  // namespace hdoc::store::sqlite
