// DynamoDB's account of what a request cost: with "ReturnConsumedCapacity": "TOTAL", item
// operations answer with ConsumedCapacity (an object, or an array of them for the batch and
// transaction operations), and the store hands the units to core::Telemetry, so that the cost of
// each API request is measured from what DynamoDB bills, not estimated.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

namespace hdoc::store::dynamodb {

// True for the operations that accept ReturnConsumedCapacity (item reads and writes, queries,
// scans, batches, transactions); table management (DescribeTable, CreateTable, ...) does not.
bool acceptsReturnConsumedCapacity(std::string_view operation);

struct Capacity {
  double read = 0;
  double write = 0;
};

// The units `reply` says `operation` consumed. TOTAL gives CapacityUnits, which count as reads for
// the read operations (GetItem, BatchGetItem, Query, Scan, TransactGetItems) and as writes for the
// others; ReadCapacityUnits and WriteCapacityUnits are used instead where DynamoDB gives them.
// Nothing (zeros) when the reply has no ConsumedCapacity or it is malformed.
Capacity consumedCapacity(std::string_view operation, const boost::json::object& reply);

}  // namespace hdoc::store::dynamodb
