#include "core/telemetry.hpp"

#include <gtest/gtest.h>

namespace hdoc::core {
namespace {

TEST(MethodLabel, KeepsTheMethodsHttpDefinesAndFoldsEverythingElse) {
  for (const char* method : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    EXPECT_EQ(methodLabel(method), method);
  // Methods are case-sensitive tokens: a client's spelling never becomes a label of its own.
  for (const char* method : {"get", "BREW", "PROPFIND", "", "GET ", "X-1234"})
    EXPECT_EQ(methodLabel(method), "other");
}

TEST(NoTelemetry, AcceptsEverythingAndIsShared) {
  Telemetry& none = noTelemetry();
  none.request({"/users", "GET", 200, 0.001, 10});
  none.storeOperation("sqlite", "scanUsers", 0.001);
  none.consumedCapacity("Query", 1, 0);
  EXPECT_EQ(&none, &noTelemetry());
}

}  // namespace
}  // namespace hdoc::core
