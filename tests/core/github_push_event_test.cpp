#include "core/github_push_event.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/date.hpp"
#include "support/github_payloads.hpp"

namespace hdoc::core {
namespace {

namespace json = boost::json;
using testing::githubFixture;

std::vector<std::string> errorFields(const json::value& payload) {
  auto read = readPushEvent(payload);
  std::vector<std::string> out;
  if (auto* errors = std::get_if<std::vector<FieldError>>(&read)) {
    for (const auto& e : *errors) out.push_back(e.field + " " + e.problem);
  }
  return out;
}

TEST(GithubPushEvent, InstantsHonourTheirOffset) {
  const std::int64_t midnight = daysFromCivil(2024, 3, 2) * 86400;
  EXPECT_EQ(parseIsoInstant("2024-03-02T00:00:00Z"), midnight);
  EXPECT_EQ(parseIsoInstant("2024-03-01T16:00:00-08:00"), midnight);
  EXPECT_EQ(parseIsoInstant("2024-03-02T05:30:00+05:30"), midnight);
  EXPECT_EQ(parseIsoInstant("2024-03-02T00:00:00.999Z"), midnight);
  EXPECT_EQ(parseIsoInstant("2024-03-01T21:15:02-08:00"), midnight + 5 * 3600 + 15 * 60 + 2);
  for (const char* bad :
       {"", "2024-03-02", "2024-03-02T00:00:00", "2024-03-02 00:00:00Z", "2024-02-30T00:00:00Z",
        "2024-03-02T24:00:00Z", "2024-03-02T00:00:00+0800", "2024-03-02T00:00:00+08", "2024-03-02T00:00:00.Z",
        "2024-03-02T00:00:00+24:00", "2024-03-02T00:00:00ZZ"}) {
    EXPECT_EQ(parseIsoInstant(bad), std::nullopt) << bad;
  }
}

TEST(GithubPushEvent, ReadsTheDocumentedPushPayload) {
  const auto read = readPushEvent(json::parse(githubFixture("push-journey-day1.json")));
  ASSERT_TRUE(std::holds_alternative<PushEvent>(read))
      << errorFields(json::parse(githubFixture("push-journey-day1.json"))).front();
  const auto& e = std::get<PushEvent>(read);
  EXPECT_EQ(e.ref, "refs/heads/main");
  EXPECT_FALSE(e.deleted);
  EXPECT_EQ(e.repository.fullName, "alice-cloud/100DaysOfCloud");
  EXPECT_EQ(e.repository.ownerLogin, "alice-cloud");
  EXPECT_EQ(e.repository.defaultBranch, "main");
  EXPECT_FALSE(e.repository.fork);
  ASSERT_EQ(e.commits.size(), 1u);
  const auto& c = e.commits[0];
  EXPECT_TRUE(c.distinct);
  EXPECT_EQ(c.added, (std::vector<std::string>{"Journey/001/Readme.md", "Journey/001/architecture.png"}));
  EXPECT_EQ(c.modified, std::vector<std::string>{"README.md"});
  EXPECT_EQ(formatDate(c.epochSeconds / 86400), "2024-03-02");  // 21:15 at UTC-8 is the next day in UTC
  EXPECT_EQ(c.url, "https://github.com/alice-cloud/100DaysOfCloud/commit/" + c.id);
}

TEST(GithubPushEvent, ReadsADeletedTag) {
  const auto read = readPushEvent(json::parse(githubFixture("push-tag-deleted.json")));
  ASSERT_TRUE(std::holds_alternative<PushEvent>(read));
  EXPECT_TRUE(std::get<PushEvent>(read).deleted);
  EXPECT_TRUE(std::get<PushEvent>(read).commits.empty());
}

TEST(GithubPushEvent, NamesEveryPropertyThatIsMissingOrMistyped) {
  const json::value good = json::parse(githubFixture("push-journey-day1.json"));
  auto mutate = [&](const std::function<void(json::object&)>& f) {
    json::value v = good;
    f(v.as_object());
    return errorFields(v);
  };
  EXPECT_EQ(mutate([](auto& o) { o.erase("ref"); }), std::vector<std::string>{"ref is required"});
  EXPECT_EQ(mutate([](auto& o) { o["deleted"] = "no"; }),
            std::vector<std::string>{"deleted must be true or false"});
  EXPECT_EQ(mutate([](auto& o) { o["commits"] = json::object(); }),
            std::vector<std::string>{"commits must be an array of commits"});
  EXPECT_EQ(mutate([](auto& o) { o["base_ref"] = 3; }),
            std::vector<std::string>{"base_ref must be a string or null"});
  EXPECT_EQ(mutate([](auto& o) { o["repository"].as_object().erase("default_branch"); }),
            std::vector<std::string>{"repository.default_branch is required"});
  EXPECT_EQ(mutate([](auto& o) { o["repository"].as_object()["owner"].as_object().erase("login"); }),
            std::vector<std::string>{"repository.owner.login is required"});
  EXPECT_EQ(mutate([](auto& o) { o["repository"].as_object()["full_name"] = "mallory/100DaysOfCloud"; }),
            std::vector<std::string>{"repository.full_name must be repository.owner.login/repository.name"});
  auto commit = [](json::object& o) -> json::object& { return o["commits"].as_array()[0].as_object(); };
  EXPECT_EQ(
      mutate([&](auto& o) { commit(o)["timestamp"] = "yesterday"; }),
      std::vector<std::string>{"commits[0].timestamp must be an ISO 8601 date-time with seconds and a zone"});
  EXPECT_EQ(mutate([&](auto& o) { commit(o)["added"] = json::array{1}; }),
            std::vector<std::string>{"commits[0].added must be an array of strings"});
  EXPECT_EQ(mutate([&](auto& o) { commit(o).erase("distinct"); }),
            std::vector<std::string>{"commits[0].distinct is required"});
  EXPECT_EQ(mutate([&](auto& o) { o["commits"].as_array().push_back("x"); }),
            std::vector<std::string>{"commits[1] must be a commit object"});
  EXPECT_EQ(errorFields(json::array{}), std::vector<std::string>{"(body) must be a JSON object"});
  // Properties GitHub adds later are no error.
  EXPECT_TRUE(mutate([](auto& o) { o["a_new_property"] = 1; }).empty());
}

TEST(GithubPushEvent, ReadsThePing) {
  const auto read = readPingEvent(json::parse(githubFixture("ping.json")));
  ASSERT_TRUE(std::holds_alternative<PingEvent>(read));
  EXPECT_EQ(std::get<PingEvent>(read).zen, "Keep it logically awesome.");
  EXPECT_EQ(std::get<PingEvent>(read).hookId, 471234567);
  EXPECT_TRUE(std::holds_alternative<std::vector<FieldError>>(readPingEvent(json::parse(R"({"zen":"x"})"))));
}

}  // namespace
}  // namespace hdoc::core
