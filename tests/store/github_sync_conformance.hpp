// The GitHub journey sync suite: linking a Journey repository (githubJourneyRepo) and recording pushes,
// written once (github_sync_conformance_test.cpp) and instantiated for each store
// (sqlite_github_sync_test.cpp, dynamodb_github_sync_test.cpp). Expected scores come from the README's
// rule worked by hand and from core::computeScores, never from a store.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "store/conformance.hpp"
#include "store/journeys_conformance.hpp"
#include "store/store.hpp"

namespace hdoc::testing {

// The journeys suite's fixture (a fresh store per test, another() for a second one), as its own
// suite so that the two are instantiated and named apart.
class GithubSyncConformance : public JourneysConformance {};

}  // namespace hdoc::testing
