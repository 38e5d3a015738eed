// The GitHub journey sync suite: linking a Journey repository (githubJourneyRepo) and recording pushes,
// written once (github_sync_conformance_test.cpp) and instantiated for each store
// (sqlite_github_sync_test.cpp, dynamodb_github_sync_test.cpp). Expected scores come from the README's
// rule worked by hand and from core::computeScores, never from a store.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "store/conformance.hpp"
#include "store/store.hpp"

namespace hdoc::testing {

class GithubSyncConformance : public ::testing::TestWithParam<StoreMaker> {
 protected:
  void SetUp() override { store_ = GetParam().make(); }
  void TearDown() override { store_.reset(); }
  store::Store& store() { return *store_; }
  std::shared_ptr<store::Store> another() { return GetParam().make(); }

 private:
  std::shared_ptr<store::Store> store_;
};

}  // namespace hdoc::testing
