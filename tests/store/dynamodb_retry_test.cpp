// The DynamoDB client's protocol and retry behaviour against a scripted loopback HTTP server that
// answers as DynamoDB documents it answers: JSON error bodies with "__type", 400 for throttling and
// conditions, 5xx for server faults.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "store/dynamodb/client.hpp"
#include "store/dynamodb/dynamodb_store.hpp"
#include "store/dynamodb/items.hpp"
#include "support/loopback.hpp"

namespace hdoc::testing {
namespace {

namespace json = boost::json;
using store::StoreError;
using store::dynamodb::Client;

// Runs `call` and expects it to throw a StoreError of `kind`.
template <class Call>
void expectStoreError(Call&& call, StoreError::Kind kind) {
  try {
    call();
    ADD_FAILURE() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
  }
}

struct Reply {
  int status = 200;
  std::string body = "{}";
  bool hang = false;  // read the request, never answer
};

struct Recorded {
  std::string head;  // request line and headers
  std::string body;
  std::string header(const std::string& name) const {
    const std::string needle = "\r\n" + name + ": ";
    auto pos = head.find(needle);
    if (pos == std::string::npos) return "";
    pos += needle.size();
    return head.substr(pos, head.find("\r\n", pos) - pos);
  }
};

// Answers requests one connection at a time, from `script` and then `fallback`, keeping
// connections alive like DynamoDB does.
class ScriptedServer {
 public:
  ScriptedServer(std::vector<Reply> script, Reply fallback)
      : script_(std::move(script)), fallback_(std::move(fallback)) {
    listener_ = hdoc::testing::listenLoopback(port_, 8);
    thread_ = std::thread([this] { run(); });
  }
  ~ScriptedServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  std::vector<Recorded> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  int connections() const { return connections_; }

 private:
  bool readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    while (!stop_) {
      if (::poll(&p, 1, 20) > 0) return true;
    }
    return false;
  }

  void run() {
    while (readable(listener_)) {
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      ++connections_;
      serve(fd);
      ::close(fd);
    }
  }

  void serve(int fd) {
    std::string buffer;
    char chunk[65536];
    while (true) {
      std::size_t headEnd;
      while ((headEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (!readable(fd)) return;
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return;
        buffer.append(chunk, n);
      }
      Recorded req{buffer.substr(0, headEnd + 2), ""};
      const std::size_t length = std::stoul("0" + req.header("Content-Length"));
      while (buffer.size() < headEnd + 4 + length) {
        if (!readable(fd)) return;
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return;
        buffer.append(chunk, n);
      }
      req.body = buffer.substr(headEnd + 4, length);
      buffer.erase(0, headEnd + 4 + length);
      Reply reply;
      {
        std::lock_guard lock(mutex_);
        reply = requests_.size() < script_.size() ? script_[requests_.size()] : fallback_;
        requests_.push_back(req);
      }
      if (reply.hang) {
        while (readable(fd) && ::recv(fd, chunk, sizeof chunk, 0) > 0) {
        }
        return;
      }
      const std::string response =
          "HTTP/1.1 " + std::to_string(reply.status) +
          " Scripted\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: " +
          std::to_string(reply.body.size()) + "\r\n\r\n" + reply.body;
      if (::send(fd, response.data(), response.size(), MSG_NOSIGNAL) < 0) return;
    }
  }

  std::vector<Reply> script_;
  Reply fallback_;
  int listener_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::vector<Recorded> requests_;
  std::thread thread_;
};

Reply error(int status, const std::string& type, const std::string& extra = "") {
  return {status, R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + type + R"(","message":"scripted")" +
                      extra + "}"};
}

store::DynamoConfig configFor(const ScriptedServer& server) {
  store::DynamoConfig c;
  c.table = "hdoc-test";
  c.region = "eu-west-1";
  c.endpoint = server.url();
  c.accessKeyId = "AKIDEXAMPLE";
  c.secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  c.maxAttempts = 4;
  c.backoffBaseMs = 1;
  c.backoffCapMs = 5;
  c.timeoutMs = 2000;
  return c;
}

const json::object kGet{{"TableName", "hdoc-test"}, {"Key", json::object{}}};

TEST(DynamoRetry, ThrottlingIsRetriedUntilSuccessOnOneKeptAliveConnection) {
  ScriptedServer server({error(400, "ThrottlingException"),
                         error(400, "ProvisionedThroughputExceededException"),
                         error(400, "RequestLimitExceeded"),
                         {200, R"({"Item":{"pk":{"S":"x"}}})"}},
                        {});
  Client client(configFor(server));
  json::object reply = client.call("GetItem", kGet);
  EXPECT_EQ(json::serialize(reply), R"({"Item":{"pk":{"S":"x"}}})");
  EXPECT_EQ(server.requests().size(), 4u);
  EXPECT_EQ(server.connections(), 1) << "the connection is reused across attempts";
}

TEST(DynamoRetry, ServerErrorsAreRetried) {
  ScriptedServer server({{500, ""}, error(500, "InternalServerError"), {503, "<html>busy</html>"}},
                        {200, "{}"});
  Client client(configFor(server));
  EXPECT_NO_THROW(client.call("GetItem", kGet));
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST(DynamoRetry, EndlessThrottlingEndsAsUnavailableWithRetryAfter) {
  ScriptedServer server({}, error(400, "ThrottlingException"));
  Client client(configFor(server));
  try {
    client.call("GetItem", kGet);
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Unavailable);
    EXPECT_GE(e.retryAfterSeconds(), 1);
    EXPECT_NE(std::string(e.what()).find("ThrottlingException"), std::string::npos) << e.what();
  }
  EXPECT_EQ(server.requests().size(), 4u) << "maxAttempts requests, no more";
}

TEST(DynamoRetry, TheStoreAnswersThroughThrottling) {
  core::User user;
  user.id = "xprcY";
  user.githubProfile = "fdurham0";
  user.dateJoined = "2020-08-08T21:01:23Z";
  user.bio = "hi";
  const std::string item = json::serialize(json::object{{"Item", store::dynamodb::userItem(user, 4)}});
  ScriptedServer server({error(400, "ThrottlingException"), {500, ""}, {200, item}}, {});
  store::DynamoStore store(configFor(server));
  EXPECT_EQ(store.findUser("FDURHAM0"), user);
  ASSERT_EQ(server.requests().size(), 3u);
  const auto body = json::parse(server.requests()[0].body);
  EXPECT_EQ(body.at("Key").at("pk").at("S"), "USER#fdurham0");
  EXPECT_EQ(body.at("ConsistentRead"), true);
}

TEST(DynamoRetry, TheStoreReportsAnOutageAsUnavailable) {
  ScriptedServer server({}, {503, ""});
  store::DynamoStore store(configFor(server));
  expectStoreError([&] { store.leaderboard(10); }, StoreError::Kind::Unavailable);
}

TEST(DynamoRetry, AFailedConditionIsAConflictAndNotRetried) {
  ScriptedServer server({}, error(400, "ConditionalCheckFailedException"));
  Client client(configFor(server));
  expectStoreError([&] { client.call("PutItem", kGet); }, StoreError::Kind::Conflict);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(DynamoRetry, ACancelledTransactionWithAFailedConditionIsAConflict) {
  ScriptedServer server(
      {},
      error(400, "TransactionCanceledException",
            R"(,"CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"x"}])"));
  Client client(configFor(server));
  expectStoreError([&] { client.call("TransactWriteItems", kGet); }, StoreError::Kind::Conflict);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(DynamoRetry, ATransactionCancelledByAConflictIsRetried) {
  ScriptedServer server({error(400, "TransactionCanceledException",
                               R"(,"CancellationReasons":[{"Code":"TransactionConflict"},{"Code":"None"}])")},
                        {200, "{}"});
  Client client(configFor(server));
  EXPECT_NO_THROW(client.call("TransactWriteItems", kGet));
  ASSERT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(server.requests()[0].body, server.requests()[1].body) << "resent unchanged (same request token)";
}

// The script of a writer that loses one race: it reads `firstRead`, its transaction is cancelled on
// the condition (another writer got there first), it reads again and gets `secondRead`, and then
// its transaction goes through.
std::vector<Reply> lostRace(const std::string& firstRead, const std::string& secondRead) {
  return {{200, firstRead},
          error(400, "TransactionCanceledException",
                R"(,"CancellationReasons":[{"Code":"ConditionalCheckFailed"},{"Code":"None"}])"),
          {200, secondRead},
          {200, "{}"}};
}

// A writer that lost a race (the article's tag changed between the read and the transaction) reads
// again and moves the counter of the tag it finds then, never the stale one.
TEST(DynamoRetry, ADeleteThatLostARaceReadsAgainAndMovesTheRightCounter) {
  core::Article article;
  article.id = 7;
  article.tags = "aws";
  const std::string asAws = json::serialize(json::object{{"Item", store::dynamodb::articleItem(article)}});
  article.tags = "gcp";
  const std::string asGcp = json::serialize(json::object{{"Item", store::dynamodb::articleItem(article)}});
  ScriptedServer server(lostRace(asAws, asGcp), {200, "{}"});
  store::DynamoStore store(configFor(server));
  EXPECT_TRUE(store.deleteArticle(7));
  const auto requests = server.requests();
  ASSERT_GE(requests.size(), 4u);
  EXPECT_EQ(requests[1].header("X-Amz-Target"), "DynamoDB_20120810.TransactWriteItems");
  EXPECT_NE(requests[1].body.find("TAG#aws"), std::string::npos);
  EXPECT_EQ(requests[3].header("X-Amz-Target"), "DynamoDB_20120810.TransactWriteItems");
  EXPECT_NE(requests[3].body.find("TAG#gcp"), std::string::npos);
  EXPECT_EQ(requests[3].body.find("TAG#aws"), std::string::npos);
  EXPECT_NE(requests[1].body, requests[3].body);
}

TEST(DynamoRetry, AnUpsertThatLostARaceReadsAgainAndMovesTheRightCounters) {
  core::Article stored;
  stored.id = 7;
  stored.tags = "aws";
  auto found = [](const core::Article& a) {
    return json::serialize(json::object{
        {"Responses", json::object{{"hdoc-test", json::array{store::dynamodb::articleItem(a)}}}}});
  };
  const std::string firstRead = found(stored);
  stored.tags = "gcp";
  const std::string secondRead = found(stored);
  ScriptedServer server(lostRace(firstRead, secondRead), {200, "{}"});
  store::DynamoStore store(configFor(server));
  core::Article update = stored;
  update.tags = "azure";
  store.upsertArticles(std::vector<core::Article>{update});
  const auto requests = server.requests();
  ASSERT_GE(requests.size(), 4u);
  const auto tx = json::parse(requests[3].body).at("TransactItems").as_array();
  ASSERT_EQ(tx.size(), 3u) << requests[3].body;  // the Put, -1 for gcp, +1 for azure
  EXPECT_EQ(tx[0].at("Put").at("ExpressionAttributeValues").at(":old").at("S"), "gcp");
  EXPECT_EQ(requests[3].body.find("TAG#aws"), std::string::npos);
  EXPECT_NE(requests[3].body.find("TAG#gcp"), std::string::npos);
  EXPECT_NE(requests[3].body.find("TAG#azure"), std::string::npos);
}

TEST(DynamoRetry, AValidationErrorIsInvalidAndNotRetried) {
  ScriptedServer server({}, error(400, "ValidationException"));
  Client client(configFor(server));
  expectStoreError([&] { client.call("Query", kGet); }, StoreError::Kind::Invalid);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(DynamoRetry, AMissingTableIsUnavailableAndNotRetried) {
  ScriptedServer server({}, error(400, "ResourceNotFoundException"));
  store::DynamoStore store(configFor(server));
  expectStoreError([&] { store.ping(); }, StoreError::Kind::Unavailable);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(DynamoRetry, UnprocessedKeysAreFetchedAgain) {
  ScriptedServer server({{200, R"({"Responses":{"hdoc-test":[{"pk":{"S":"a"}}]},)"
                               R"("UnprocessedKeys":{"hdoc-test":{"Keys":[{"pk":{"S":"b"}}]}}})"}},
                        {200, R"({"Responses":{"hdoc-test":[{"pk":{"S":"b"}}]}})"});
  Client client(configFor(server));
  auto items = client.batchGet(json::parse(R"([{"pk":{"S":"a"}},{"pk":{"S":"b"}}])").as_array(), true);
  ASSERT_EQ(items.size(), 2u);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(json::serialize(json::parse(requests[1].body).at("RequestItems").at("hdoc-test").at("Keys")),
            R"([{"pk":{"S":"b"}}])");
}

TEST(DynamoRetry, EndlessUnprocessedKeysEndAsUnavailable) {
  ScriptedServer server({}, {200, R"({"Responses":{"hdoc-test":[]},)"
                                  R"("UnprocessedKeys":{"hdoc-test":{"Keys":[{"pk":{"S":"b"}}]}}})"});
  Client client(configFor(server));
  expectStoreError([&] { client.batchGet(json::parse(R"([{"pk":{"S":"b"}}])").as_array(), true); },
                   StoreError::Kind::Unavailable);
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST(DynamoRetry, ASilentServerTimesOutIntoUnavailable) {
  ScriptedServer server({}, Reply{200, "", true});
  store::DynamoConfig config = configFor(server);
  config.timeoutMs = 150;
  config.maxAttempts = 2;
  Client client(config);
  expectStoreError([&] { client.call("GetItem", kGet); }, StoreError::Kind::Unavailable);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(DynamoRetry, ARefusedConnectionIsUnavailable) {
  int port;
  {
    ScriptedServer closed({}, {});
    port = std::stoi(closed.url().substr(17));
  }
  store::DynamoConfig config;
  config.table = "t";
  config.region = "us-east-1";
  config.endpoint = "http://127.0.0.1:" + std::to_string(port) + "/";
  config.maxAttempts = 2;
  config.backoffBaseMs = 1;
  Client client(config);
  expectStoreError([&] { client.call("GetItem", kGet); }, StoreError::Kind::Unavailable);
}

// --- Signature Version 4, recomputed here from the AWS documentation's algorithm ---

std::string hex(const unsigned char* data, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += kHex[data[i] >> 4], out += kHex[data[i] & 15];
  return out;
}

std::string sha256Hex(const std::string& s) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(s.data(), s.size(), digest, &n, EVP_sha256(), nullptr);
  return hex(digest, n);
}

std::string hmac(const std::string& key, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &n);
  return std::string(reinterpret_cast<char*>(out), n);
}

TEST(DynamoRetry, RequestsAreSignedWithSigV4IncludingTargetAndSessionToken) {
  ScriptedServer server({}, {200, "{}"});
  store::DynamoConfig config = configFor(server);
  config.sessionToken = "FQoGZXIvYXdzEXAMPLETOKEN";
  Client client(config);
  client.call("GetItem", kGet);
  const Recorded req = server.requests().at(0);
  EXPECT_EQ(req.header("X-Amz-Target"), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(req.header("Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(req.header("X-Amz-Security-Token"), config.sessionToken);
  EXPECT_EQ(req.body, json::serialize(kGet));

  const std::string auth = req.header("Authorization");
  const std::string amzDate = req.header("X-Amz-Date");
  ASSERT_EQ(amzDate.size(), 16u);
  const std::string date = amzDate.substr(0, 8);
  const std::string scope = date + "/eu-west-1/dynamodb/aws4_request";
  const std::string signedHeaders = "content-type;host;x-amz-date;x-amz-security-token;x-amz-target";
  ASSERT_EQ(auth.rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + scope +
                           ", SignedHeaders=" + signedHeaders + ", Signature=",
                       0),
            0u)
      << auth;
  const std::string canonical =
      "POST\n/\n\ncontent-type:application/x-amz-json-1.0\nhost:" + req.header("Host") +
      "\nx-amz-date:" + amzDate + "\nx-amz-security-token:" + config.sessionToken +
      "\nx-amz-target:DynamoDB_20120810.GetItem\n\n" + signedHeaders + "\n" + sha256Hex(req.body);
  const std::string toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical);
  std::string key = hmac("AWS4" + config.secretAccessKey, date);
  for (const char* part : {"eu-west-1", "dynamodb", "aws4_request"}) key = hmac(key, part);
  const std::string signature = hmac(key, toSign);
  EXPECT_EQ(auth.substr(auth.rfind('=') + 1),
            hex(reinterpret_cast<const unsigned char*>(signature.data()), signature.size()));
}

// --- the pure parts ---

TEST(DynamoErrors, TheTypeIsThePartAfterTheHash) {
  auto e =
      store::dynamodb::parseErrorReply(400, R"({"__type":"com.amazon.coral.validate#ValidationException",)"
                                            R"("Message":"bad"})");
  EXPECT_EQ(e.type, "ValidationException");
  EXPECT_EQ(e.message, "bad");
  EXPECT_EQ(store::dynamodb::parseErrorReply(400, R"({"__type":"ThrottlingException"})").type,
            "ThrottlingException");
  EXPECT_EQ(store::dynamodb::parseErrorReply(502, "<html>").type, "");
  EXPECT_TRUE(store::dynamodb::isRetryable(store::dynamodb::parseErrorReply(502, "<html>")));
  EXPECT_FALSE(store::dynamodb::isRetryable(store::dynamodb::parseErrorReply(400, "<html>")));
  // A message that merely mentions throttling does not make an error retryable.
  EXPECT_FALSE(store::dynamodb::isRetryable(store::dynamodb::parseErrorReply(
      400, R"({"__type":"x#ValidationException","message":"ThrottlingException"})")));
}

TEST(DynamoErrors, BackoffIsFullJitterUnderACappedExponential) {
  std::set<long> seen;
  for (int retry = 1; retry <= 12; ++retry) {
    const long ceiling = std::min(1000L, 25L << (retry - 1));
    for (int i = 0; i < 200; ++i) {
      const long d = store::dynamodb::backoffDelayMs(retry, 25, 1000);
      ASSERT_GE(d, 0);
      ASSERT_LE(d, ceiling) << "retry " << retry;
      if (retry == 12) seen.insert(d);
    }
  }
  EXPECT_GT(seen.size(), 50u) << "delays are spread over [0, cap], not fixed";
}

}  // namespace
}  // namespace hdoc::testing
