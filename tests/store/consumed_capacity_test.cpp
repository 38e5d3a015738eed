#include "store/dynamodb/consumed_capacity.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace hdoc::store::dynamodb {
namespace {

boost::json::object reply(const char* text) {
  return boost::json::parse(text).as_object();
}

TEST(ConsumedCapacity, CountsTotalUnitsAsReadsOrWritesByOperation) {
  const auto query = consumedCapacity(
      "Query", reply(R"({"Items":[],"ConsumedCapacity":{"TableName":"t","CapacityUnits":2.5}})"));
  EXPECT_DOUBLE_EQ(query.read, 2.5);
  EXPECT_DOUBLE_EQ(query.write, 0);
  const auto put =
      consumedCapacity("PutItem", reply(R"({"ConsumedCapacity":{"TableName":"t","CapacityUnits":1}})"));
  EXPECT_DOUBLE_EQ(put.read, 0);
  EXPECT_DOUBLE_EQ(put.write, 1);
}

TEST(ConsumedCapacity, SumsTheArraysOfBatchesAndTransactions) {
  const auto tx = consumedCapacity(
      "TransactWriteItems",
      reply(
          R"({"ConsumedCapacity":[{"TableName":"t","CapacityUnits":4},{"TableName":"u","CapacityUnits":2}]})"));
  EXPECT_DOUBLE_EQ(tx.write, 6);
  const auto batch = consumedCapacity(
      "BatchGetItem",
      reply(R"({"Responses":{},"ConsumedCapacity":[{"CapacityUnits":0.5},{"CapacityUnits":1}]})"));
  EXPECT_DOUBLE_EQ(batch.read, 1.5);
}

TEST(ConsumedCapacity, UsesReadAndWriteUnitsWhereDynamoDbSplitsThem) {
  const auto split = consumedCapacity(
      "UpdateItem",
      reply(R"({"ConsumedCapacity":{"CapacityUnits":3,"ReadCapacityUnits":1,"WriteCapacityUnits":2}})"));
  EXPECT_DOUBLE_EQ(split.read, 1);
  EXPECT_DOUBLE_EQ(split.write, 2);
}

TEST(ConsumedCapacity, IsNothingWhenTheReplyHasNoneOrAMalformedOne) {
  for (const char* text : {R"({})", R"({"ConsumedCapacity":"lots"})", R"({"ConsumedCapacity":[1,null,"x"]})",
                           R"({"ConsumedCapacity":{"CapacityUnits":"2"}})"}) {
    const auto c = consumedCapacity("Query", reply(text));
    EXPECT_EQ(c.read, 0) << text;
    EXPECT_EQ(c.write, 0) << text;
  }
}

TEST(ConsumedCapacity, IsAskedForOnItemOperationsOnly) {
  for (const char* op : {"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "PutItem",
                         "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"})
    EXPECT_TRUE(acceptsReturnConsumedCapacity(op)) << op;
  for (const char* op : {"DescribeTable", "CreateTable", "UpdateTimeToLive", "ListTables", ""})
    EXPECT_FALSE(acceptsReturnConsumedCapacity(op)) << op;
}

}  // namespace
}  // namespace hdoc::store::dynamodb
