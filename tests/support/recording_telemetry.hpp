// A core::Telemetry that keeps everything it is told, for tests to read back.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "core/telemetry.hpp"

namespace hdoc::testing {

class RecordingTelemetry final : public core::Telemetry {
 public:
  struct StoreCall {
    std::string store, operation;
    double seconds;
  };
  struct Capacity {
    std::string operation;
    double read, write;
  };
  struct Request {
    std::string route, method;
    int status;
    double seconds;
    std::size_t bodyBytes;
  };

  void request(const core::RequestSample& s) override {
    std::lock_guard lock(mutex_);
    requests_.push_back({std::string(s.route), std::string(s.method), s.status, s.seconds, s.bodyBytes});
  }
  void storeOperation(std::string_view store, std::string_view operation, double seconds) override {
    std::lock_guard lock(mutex_);
    storeCalls_.push_back({std::string(store), std::string(operation), seconds});
  }
  void storeError(std::string_view kind) override {
    std::lock_guard lock(mutex_);
    storeErrors_.emplace_back(kind);
  }
  void consumedCapacity(std::string_view operation, double read, double write) override {
    std::lock_guard lock(mutex_);
    capacity_.push_back({std::string(operation), read, write});
  }
  void authRefusal(std::string_view reason) override {
    std::lock_guard lock(mutex_);
    authRefusals_.emplace_back(reason);
  }
  void rateLimited() override {
    std::lock_guard lock(mutex_);
    ++rateLimited_;
  }

  std::vector<Request> requests() const { return copy(requests_); }
  std::vector<StoreCall> storeCalls() const { return copy(storeCalls_); }
  std::vector<std::string> storeErrors() const { return copy(storeErrors_); }
  std::vector<Capacity> capacity() const { return copy(capacity_); }
  std::vector<std::string> authRefusals() const { return copy(authRefusals_); }
  int rateLimitedCount() const {
    std::lock_guard lock(mutex_);
    return rateLimited_;
  }
  void clear() {
    std::lock_guard lock(mutex_);
    requests_.clear();
    storeCalls_.clear();
    storeErrors_.clear();
    capacity_.clear();
    authRefusals_.clear();
    rateLimited_ = 0;
  }

 private:
  template <class T>
  T copy(const T& v) const {
    std::lock_guard lock(mutex_);
    return v;
  }
  mutable std::mutex mutex_;
  std::vector<Request> requests_;
  std::vector<StoreCall> storeCalls_;
  std::vector<std::string> storeErrors_;
  std::vector<Capacity> capacity_;
  std::vector<std::string> authRefusals_;
  int rateLimited_ = 0;
};

}  // namespace hdoc::testing
