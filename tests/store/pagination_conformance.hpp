// The keyset-scan suite: what every Store's scans must do for the API's pages
// (pagination_conformance_test.cpp), instantiated beside the other suites for each store.
#pragma once

#include "store/conformance.hpp"

namespace hdoc::testing {

class PaginationConformance : public StoreConformance {};

}  // namespace hdoc::testing
