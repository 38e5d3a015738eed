// The frontend's mock data (../shared/fixtures/frontend-mock), for tests that check hdoc serves it
// unchanged.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "store/store.hpp"

namespace hdoc::testing {

std::string fixturePath(const std::string& name);
bool fixturesAvailable();
std::vector<core::User> fixtureUsers();
std::vector<core::Article> fixtureArticles();
// Imports users.json and articles.json into `store`.
void importFixtures(store::Store& store);

}  // namespace hdoc::testing

// Skips the current test when the fixture folder is absent (a clone without ../shared), but fails
// it when HDOC_REQUIRE_FIXTURES is set, as .ci/run does: CI must never skip these silently.
#define HDOC_REQUIRE_FIXTURES()                                                            \
  do {                                                                                     \
    if (!::hdoc::testing::fixturesAvailable()) {                                           \
      if (std::getenv("HDOC_REQUIRE_FIXTURES")) FAIL() << "missing " << HDOC_FIXTURES_DIR; \
      GTEST_SKIP() << "no fixtures at " << HDOC_FIXTURES_DIR;                              \
    }                                                                                      \
  } while (0)
