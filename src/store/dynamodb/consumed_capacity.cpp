#include "store/dynamodb/consumed_capacity.hpp"

#include <boost/json.hpp>

namespace hdoc::store::dynamodb {
namespace json = boost::json;
namespace {

// By the API's naming, not by a list: the item operations end in "Item" or "Items", and the reads
// among them say "Get". (tests/infra's policy check reads this folder's string literals as the
// operations the store calls, so no operation is named here that the store does not call.)
bool isRead(std::string_view operation) {
  return operation == "Query" || operation == "Scan" || operation.find("Get") != std::string_view::npos;
}

double number(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return 0;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return 0;
}

void add(Capacity& total, std::string_view operation, const json::value& entry) {
  if (!entry.is_object()) return;
  const auto& o = entry.get_object();
  const double read = number(o, "ReadCapacityUnits"), write = number(o, "WriteCapacityUnits");
  if (read > 0 || write > 0) {
    total.read += read;
    total.write += write;
    return;
  }
  (isRead(operation) ? total.read : total.write) += number(o, "CapacityUnits");
}

}  // namespace

bool acceptsReturnConsumedCapacity(std::string_view operation) {
  return isRead(operation) || operation.ends_with("Item") || operation.ends_with("Items");
}

Capacity consumedCapacity(std::string_view operation, const json::object& reply) {
  Capacity total;
  const json::value* consumed = reply.if_contains("ConsumedCapacity");
  if (!consumed) return total;
  if (consumed->is_array()) {
    for (const auto& entry : consumed->get_array()) add(total, operation, entry);
  } else {
    add(total, operation, *consumed);
  }
  return total;
}

}  // namespace hdoc::store::dynamodb
