// The journeys suite: the write API's store behaviour (profiles, entries and their scores, articles),
// written once (journeys_conformance_test.cpp) and instantiated for each store
// (sqlite_journeys_test.cpp; the DynamoDB store instantiates the same suite). Expected scores come from
// the rule as stated in the issue, worked by hand, and from core::computeScores, never from a store.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "store/conformance.hpp"
#include "store/store.hpp"

namespace hdoc::testing {

class JourneysConformance : public ::testing::TestWithParam<StoreMaker> {
 protected:
  void SetUp() override { store_ = GetParam().make(); }
  void TearDown() override { store_.reset(); }
  store::Store& store() { return *store_; }
  // Another fresh, empty store of the same kind (for comparing two arrival orders).
  std::shared_ptr<store::Store> another() { return GetParam().make(); }

 private:
  std::shared_ptr<store::Store> store_;
};

}  // namespace hdoc::testing
