// Helpers shared by the port's unit tests: fault plans through the hooks,
// a world pre-populated with a preserved file, and state snapshots that tests
// compare before and after an operation.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <sut.h>

namespace lu::test {

// Fails chosen calls of chosen sites; counts every call it is asked about.
struct FaultPlan {
    std::map<lu_site, std::vector<unsigned long>> fail; // site -> call numbers (1-based)
    bool persistent = false;                            // also fail every later call of that site
    unsigned long fired = 0;
    void install(sut::World &w);
};

// A world with one iommufd file already preserved, so the FLB object exists.
struct Machine {
    sut::World w;
    int file = -1;
    int unit = -1;
    int next_bdf = 0x100;
    explicit Machine(uint64_t bugs = 0);
    int new_domain(uint64_t iova = 0, uint64_t pages = 1);
    // A device behind @unit, attached to @domain (a fresh one when < 0).
    int new_device(int domain = -1, int unit = -1);
};

// Everything an oracle compares for fault atomicity.
struct Snapshot {
    std::vector<sut::ChainView> chains;
    std::vector<sut::Frame> preserved;
    std::vector<uint64_t> domain_slots, dev_slots, unit_slots;
    sut::FlbView flb;
    std::string diff(const Snapshot &other) const; // empty when equal
};
Snapshot snapshot(const sut::World &w, int domains, int devs, int units);

// The chain's slots handed out (sum of nr_objects) and its page count.
uint64_t slots_used(const sut::ChainView &c);
std::string events_text(const sut::World &w);

} // namespace lu::test
