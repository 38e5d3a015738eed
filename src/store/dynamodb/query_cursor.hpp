// A Query read item by item: pages (at most 1 MB, or `Limit` items) are fetched as they are needed,
// following LastEvaluatedKey, so a merge of several shards reads only what it uses.
#pragma once

#include <boost/json/object.hpp>
#include <deque>

#include "store/dynamodb/client.hpp"

namespace hdoc::store::dynamodb {

class QueryCursor {
 public:
  // `request` is a complete Query request (TableName, key condition, optional IndexName, Limit).
  QueryCursor(Client& client, boost::json::object request);

  // The next item, or nullptr when the query has no more.
  const boost::json::object* peek();
  boost::json::object pop();

 private:
  Client* client_;
  boost::json::object request_;
  std::deque<boost::json::object> buffer_;
  bool exhausted_ = false;
};

// A Query request for the items whose `partitionName` is `partitionValue`, on `index` ("" for the
// table), in ascending (`forward`) or descending sort-key order. Callers add Limit, ConsistentRead
// or a sort-key condition (the partition is named #p and its value :p).
boost::json::object queryRequest(const std::string& table, std::string_view index,
                                 std::string_view partitionName, std::string_view partitionValue,
                                 bool forward);

// Adds "and the sort key `sortName` is above `value`" to a queryRequest: where the next page of a
// keyset walk starts.
void startAfter(boost::json::object& request, std::string_view sortName, boost::json::object value);

}  // namespace hdoc::store::dynamodb
