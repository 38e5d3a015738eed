#include "store/dynamodb/query_cursor.hpp"

#include <boost/json.hpp>

#include "store/dynamodb/items.hpp"

namespace hdoc::store::dynamodb {
namespace json = boost::json;

QueryCursor::QueryCursor(Client& client, json::object request)
    : client_(&client), request_(std::move(request)) {}

const json::object* QueryCursor::peek() {
  // A page can be empty and still have a successor (a filter or the 1 MB cut), hence the loop.
  while (buffer_.empty() && !exhausted_) {
    json::object reply = client_->call("Query", request_);
    if (auto* items = reply.if_contains("Items"); items && items->is_array()) {
      for (auto& item : items->get_array()) buffer_.push_back(std::move(item.as_object()));
    }
    auto* last = reply.if_contains("LastEvaluatedKey");
    if (last && last->is_object() && !last->get_object().empty()) {
      request_["ExclusiveStartKey"] = std::move(*last);
    } else {
      exhausted_ = true;
    }
  }
  return buffer_.empty() ? nullptr : &buffer_.front();
}

json::object QueryCursor::pop() {
  peek();
  json::object item = std::move(buffer_.front());
  buffer_.pop_front();
  return item;
}

json::object queryRequest(const std::string& table, std::string_view index, std::string_view partitionName,
                          std::string_view partitionValue, bool forward) {
  json::object req;
  req["TableName"] = table;
  if (!index.empty()) req["IndexName"] = index;
  req["KeyConditionExpression"] = "#p = :p";
  req["ExpressionAttributeNames"] = {{"#p", partitionName}};
  req["ExpressionAttributeValues"] = {{":p", stringValue(partitionValue)}};
  req["ScanIndexForward"] = forward;
  return req;
}

void startAfter(json::object& req, std::string_view sortName, json::object value) {
  req["KeyConditionExpression"] = "#p = :p AND #after > :after";
  req["ExpressionAttributeNames"].as_object()["#after"] = sortName;
  req["ExpressionAttributeValues"].as_object()[":after"] = std::move(value);
}

}  // namespace hdoc::store::dynamodb
