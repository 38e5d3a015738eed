// The store conformance suite: the behaviour every Store must have, written once
// (conformance_test.cpp) and instantiated for each store (sqlite_conformance_test.cpp,
// dynamodb_conformance_test.cpp). The expected values come from core/ordering.hpp and the
// interface comments in store/store.hpp, never from one store's answers.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "store/store.hpp"

namespace hdoc::testing {

struct StoreMaker {
  std::string name;  // the instantiation's name in test ids
  // A fresh, empty store; the deleter may clean up (remove the file, drop nothing for DynamoDB).
  std::function<std::shared_ptr<store::Store>()> make;
};

inline void PrintTo(const StoreMaker& maker, std::ostream* os) {
  *os << maker.name;
}

inline std::string storeMakerName(const ::testing::TestParamInfo<StoreMaker>& info) {
  return info.param.name;
}

class StoreConformance : public ::testing::TestWithParam<StoreMaker> {
 protected:
  void SetUp() override { store_ = GetParam().make(); }
  void TearDown() override { store_.reset(); }
  store::Store& store() { return *store_; }

 private:
  std::shared_ptr<store::Store> store_;
};

}  // namespace hdoc::testing
