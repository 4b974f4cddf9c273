// The executable model of IOMMU live update: domains, devices and IOMMU units
// (preserved, not preserved, deleted slots), the three chains, refcounts, the
// FLB's outgoing and incoming counts, the KHO frame ledger, kexec, restore and
// finish. It encodes the correct behaviour, predicts each op's result and how
// many calls each fault site sees, and depends on nothing.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "abi.h"
#include "behaviour.h"

namespace lu::model {

// Fault sites, in the port's order (the executor checks the names match).
enum class Site : uint8_t {
    kho_alloc_preserve,
    kho_preserve_folio,
    kho_restore_folio,
    kzalloc,
    alloc_pages,
    drv_domain_preserve,
    drv_domain_restore,
    drv_iommu_preserve,
    drv_device_preserve,
};
inline constexpr int kNumSites = 9;
const char *site_name(Site s);

// Slots per chain page, from the record layout of the ABI revision being
// built (abi.h).
inline uint64_t max_objs(Chain c) { return abi().max_objs(c); }

// Driver constants of the mock IOMMU the model knows about.
inline constexpr int kPtLevels = 3;
inline constexpr uint64_t kVaBits = 39;
inline constexpr int kMaxFiles = 64, kMaxUnits = 64, kMaxDevs = 256, kMaxDomains = 8192;
inline constexpr int kMaxPerFile = 1024;
uint64_t map_target(int domain, uint64_t iova);

// Pages [iova, iova + pages * 4 KiB) mapped by one domain_map.
struct Range {
    uint64_t iova, pages;
};

struct Slot {
    bool deleted = false;
    bool incoming = false;
    uint32_t ref = 1;
    int owner = -1; // domain, device or unit handle that took the slot
    // device slots
    uint32_t devid = 0;
    int domain_slot = -1; // index in the domain chain
    int unit_slot = -1;   // index in the IOMMU chain
    // domain slots
    std::vector<Range> maps;   // the domain's mappings at preserve time
    std::set<uint64_t> l1, l0; // and its tables
    int restore_err = 0;       // next kernel: a failed restore, remembered
    bool restored = false;
};

struct ChainState {
    std::vector<Slot> slots; // slots handed out, in chain order
};

// Pages a chain of @n slots occupies: max(1, ceil(n / M)).
inline uint64_t chain_pages(Chain c, uint64_t n) {
    return n ? (n + max_objs(c) - 1) / max_objs(c) : 1;
}

struct Domain {
    bool alive = false;
    bool lu = true; // the driver implements the live-update ops
    int file = -1;
    std::vector<Range> maps;   // mapped IOVA ranges, in mapping order
    std::set<uint64_t> l1, l0; // level-1 / level-0 tables, keyed iova >> 30 / >> 21
    int slot = -1;             // preserved: index in the domain chain
    size_t tables() const;     // page-table pages: top + level-1 + level-0
};

struct Device {
    int unit = -1;
    uint32_t bdf = 0;
    int domain = -1; // attached domain handle (this kernel)
    int file = -1;
    int slot = -1;   // preserved by this kernel: device chain index
    int found = -1;  // next kernel: incoming slot found by lookup
    int pending = 0; // next kernel: a restore's result, until its reference is dropped
    bool restored = false;
    int restored_slot = -1; // the domain slot it restored from
};

struct Unit {
    bool alive = false;
    int slot = -1;      // IOMMU chain index while referenced
    bool found = false; // next kernel: its slot was found by lookup
    bool restored = false;
};

enum class FileState { open, preserved, incoming, retrieved, finished, gone };

struct File {
    FileState state = FileState::open;
    bool ctx = true;             // the iommufd context exists (this kernel)
    std::vector<int> domains;    // in the port's order (a free swaps in the last)
    std::vector<int> devs;       // devices bound, in first-attach order
    std::vector<int> dev_domain; // the domain each was last attached to
};

struct Flb {
    long out_count = 0;
    bool out_obj = false;
    bool has_incoming = false;
    long in_count = 0;
    bool retrieved = false;
    bool finished = false;
};

// A slot by chain and index; incoming: a slot of the previous kernel's chain.
struct SlotRef {
    Chain chain;
    int index;
    bool incoming;
};

// What one step did, beyond its return value.
struct Effects {
    std::array<uint32_t, kNumSites> calls{};
    int warns = 0;
    bool panic = false;           // the port must panic (fatal by design)
    std::vector<SlotRef> touched; // slots created or changed, for the oracles
};

// Thrown out of an op when the port must panic; the machine is dead after it.
struct Panic {};

struct Config {
    // The older outgoing LUO API (NULL object, no outgoing references); the
    // incoming side counts references in both generations (v2 calls put_incoming).
    bool luo_gen_a = false;
    // What the revision under test does where revisions differ.
    Behaviour behaviour = kBehaviourV2;
};

class Model {
  public:
    using FailFn = std::function<bool(Site)>;
    explicit Model(Config cfg = {});

    // Run one op. @fail says whether the next call of a site fails.
    void begin(FailFn fail);
    Effects end();

    int file_open();
    int unit_add();
    int dev_add(int unit, uint32_t bdf);
    int domain_alloc(int file, bool lu);
    int domain_map(int d, uint64_t iova, uint64_t pages);
    int domain_free(int d);
    int dev_attach(int v, int d);
    int domain_preserve(int d);
    int domain_unpreserve(int d);
    int dev_preserve(int v);
    int dev_unpreserve(int v);
    // @n preserve + unpreserve pairs; stops at the first error.
    int domain_churn(int d, uint64_t n);
    int dev_churn(int v, uint64_t n);
    int file_preserve(int f);
    int file_unpreserve(int f);
    int kexec();
    int unit_restore(int u); // its parts in order, up to the first error
    int dev_restore(int v);
    // Restores as the atomic parts a concurrent block interleaves. An
    // incoming reference is dropped in a part of its own: the last file's
    // finish may run while a restore holds one, and then the FLB finishes at
    // that drop. Unit: 0 lookup (takes a reference), 1 drop it and restore.
    // Device: 0 lookup (reference), 1 drop it, 2 rebuild the domain
    // (reference), 3 drop it and take the result.
    static constexpr int kUnitRestoreParts = 2, kDevRestoreParts = 4;
    int unit_restore_part(int u, int part);
    int dev_restore_part(int v, int part);
    int file_retrieve(int f);
    int file_finish(int f);

    // State, for the executor's comparisons.
    Config cfg;
    unsigned boot = 0;
    std::vector<File> files;
    std::vector<Unit> units;
    std::vector<Device> devs;
    std::vector<Domain> domains;
    std::array<ChainState, 3> out, in; // this kernel's chains; the previous kernel's
    Flb flb;
    long frames_preserved = 0; // outgoing KHO ledger size
    long frames_incoming = 0;  // preserved by the previous kernel, not restored
    bool panicked = false;

    // What the series' own code holds in this state: per FLB object (the
    // outgoing one, and the incoming one between retrieve and finish) one
    // slab block, its data page and every chain page. Invariants I3 and I8:
    // anything more is a leak.
    struct Held {
        long kmem = 0, frames = 0;
    };
    Held series_held() const;

    // A hash of everything the next kernel's ops (restores, retrieve,
    // finish) read or change: equal digests, equal futures for those ops.
    uint64_t incoming_digest() const;

    const ChainState &chain(Chain c, bool incoming) const {
        return (incoming ? in : out)[static_cast<int>(c)];
    }

  private:
    bool call(Site s); // one call of a site; true when it fails
    bool obj_ok(int *err);
    int alloc_slot(Chain c);
    int alloc_page(); // kho_alloc_preserve(PAGE_SIZE): 0 or -ENOMEM
    int preserve_domain(int d);
    void unpreserve_domain(int d);
    int unit_get(int u);
    void unit_put(int u);
    void unpreserve_device(int v);
    void flb_release();
    bool get_incoming(int *err);
    void put_incoming();
    void finish_flb();
    int retrieve();
    void session_teardown();
    ChainState &chain_mut(Chain c) { return out[static_cast<int>(c)]; }
    // A slot about to change (recorded for Effects::touched).
    Slot &touch(Chain c, int idx, bool incoming = false) {
        fx_.touched.push_back({c, idx, incoming});
        return (incoming ? in : out)[static_cast<int>(c)].slots[size_t(idx)];
    }

    FailFn fail_;
    Effects fx_;
};

} // namespace lu::model
