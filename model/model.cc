// The model's outgoing kernel: objects, the three chains, the FLB's outgoing
// count and the KHO ledger, and every op that preserves or unpreserves. Each
// op mirrors the order of fault-site calls of the correct implementation.
#include "model.h"

#include <algorithm>
#include <cerrno>

namespace lu::model {

const char *site_name(Site s) {
    static const char *const names[kNumSites] = {
        "kho_alloc_preserve", "kho_preserve_folio",  "kho_restore_folio",  "kzalloc",
        "alloc_pages",        "drv_domain_preserve", "drv_domain_restore", "drv_iommu_preserve",
        "drv_device_preserve"};
    return names[static_cast<int>(s)];
}

uint64_t map_target(int domain, uint64_t iova) {
    return ((uint64_t(domain) + 1) << kVaBits) + (iova & ~(kPageSize - 1));
}

size_t Domain::tables() const { return 1 + l1.size() + l0.size(); }

Model::Model(Config c) : cfg(c) {}

void Model::begin(FailFn fail) {
    fail_ = std::move(fail);
    fx_ = {};
}

Effects Model::end() {
    fail_ = nullptr;
    return fx_;
}

bool Model::call(Site s) {
    fx_.calls[static_cast<int>(s)]++;
    return fail_ && fail_(s);
}

bool Model::obj_ok(int *err) {
    if (flb.out_obj) return true;
    *err = cfg.luo_gen_a ? -EINVAL : -ENOENT;
    return false;
}

int Model::alloc_page() {
    if (call(Site::kho_alloc_preserve)) return -ENOMEM;
    if (call(Site::kho_preserve_folio)) return -ENOMEM;
    frames_preserved++;
    return 0;
}

int Model::alloc_slot(Chain c) {
    ChainState &ch = chain_mut(c);
    const uint64_t n = ch.slots.size();
    if (n && n % max_objs(c) == 0)
        if (int r = alloc_page()) return r;
    ch.slots.push_back(Slot{});
    touch(c, int(n));
    return int(n);
}

int Model::file_open() {
    if (files.size() == kMaxFiles) return -ENOSPC;
    files.push_back(File{});
    return int(files.size() - 1);
}

int Model::unit_add() {
    if (units.size() == kMaxUnits) return -ENOSPC;
    if (call(Site::alloc_pages)) return -ENOMEM;
    units.push_back(Unit{true});
    return int(units.size() - 1);
}

int Model::dev_add(int u, uint32_t bdf) {
    if (u < 0 || size_t(u) >= units.size() || bdf > 0xffff) return -EINVAL;
    for (const Device &v : devs)
        if (v.bdf == bdf) return -EEXIST;
    if (devs.size() == kMaxDevs) return -ENOSPC;
    Device v;
    v.unit = u;
    v.bdf = bdf;
    devs.push_back(v);
    return int(devs.size() - 1);
}

int Model::domain_alloc(int f, bool lu) {
    if (f < 0 || size_t(f) >= files.size() || !files[f].ctx ||
        (files[f].state != FileState::open && files[f].state != FileState::preserved))
        return -EINVAL;
    if (domains.size() == kMaxDomains || files[f].domains.size() == kMaxPerFile) return -ENOSPC;
    if (call(Site::kzalloc)) return -ENOMEM;
    if (call(Site::alloc_pages)) return -ENOMEM;
    Domain d;
    d.alive = true;
    d.lu = lu;
    d.file = f;
    domains.push_back(d);
    files[f].domains.push_back(int(domains.size() - 1));
    return int(domains.size() - 1);
}

static bool alive(const std::vector<Domain> &doms, int d) {
    return d >= 0 && size_t(d) < doms.size() && doms[d].alive;
}

int Model::domain_map(int d, uint64_t iova, uint64_t pages) {
    if (!alive(domains, d) || !pages || pages > 4096) return -EINVAL;
    Domain &dom = domains[d];
    if (dom.slot >= 0) return -EBUSY;
    const uint64_t end = iova + pages * kPageSize;
    if (iova & (kPageSize - 1) || end > (uint64_t(1) << kVaBits) || end < iova) return -EINVAL;
    // Tables are allocated at the first page of each 2 MiB region, so walk
    // regions; a failed allocation leaves the pages before it mapped.
    for (uint64_t a = iova; a < end;) {
        const uint64_t next = std::min(end, ((a >> 21) + 1) << 21);
        if ((!dom.l1.count(a >> 30) && call(Site::alloc_pages)) ||
            (dom.l1.insert(a >> 30), !dom.l0.count(a >> 21) && call(Site::alloc_pages))) {
            if (a > iova) dom.maps.push_back({iova, (a - iova) / kPageSize});
            return -ENOMEM;
        }
        dom.l0.insert(a >> 21);
        a = next;
    }
    dom.maps.push_back({iova, pages});
    return 0;
}

int Model::domain_free(int d) {
    if (!alive(domains, d)) return -EINVAL;
    if (domains[d].slot >= 0) return -EBUSY;
    for (const Device &v : devs)
        if (v.domain == d) return -EBUSY;
    auto &list = files[domains[d].file].domains;
    auto it = std::find(list.begin(), list.end(), d);
    *it = list.back();
    list.pop_back();
    domains[d].alive = false;
    return 0;
}

int Model::dev_attach(int v, int d) {
    if (v < 0 || size_t(v) >= devs.size() || !alive(domains, d)) return -EINVAL;
    Device &dev = devs[v];
    if (dev.slot >= 0 || dev.found >= 0 || dev.restored) return -EBUSY;
    const int f = domains[d].file;
    if (dev.file >= 0 && dev.file != f) return -EBUSY;
    File &file = files[f];
    auto it = std::find(file.devs.begin(), file.devs.end(), v);
    size_t i = size_t(it - file.devs.begin());
    if (it == file.devs.end()) {
        if (file.devs.size() == kMaxPerFile) return -ENOSPC;
        file.devs.push_back(v);
        file.dev_domain.push_back(d);
    }
    file.dev_domain[i] = d;
    dev.domain = d;
    dev.file = f;
    return 0;
}

int Model::preserve_domain(int d) {
    Domain &dom = domains[d];
    int err;
    if (!dom.lu) return -EOPNOTSUPP;
    if (!obj_ok(&err)) return err;
    if (dom.slot >= 0) return -EBUSY;
    int idx = alloc_slot(Chain::domain);
    if (idx < 0) return idx;
    Slot &slot = touch(Chain::domain, idx);
    slot.owner = d;
    if (call(Site::drv_domain_preserve)) {
        slot.deleted = true;
        return -EIO;
    }
    for (size_t t = 0; t < dom.tables(); t++) {
        if (call(Site::kho_preserve_folio)) {
            slot.deleted = true;
            return -ENOMEM;
        }
    }
    frames_preserved += long(dom.tables());
    slot.maps = dom.maps;
    slot.l1 = dom.l1;
    slot.l0 = dom.l0;
    dom.slot = idx;
    return 0;
}

void Model::unpreserve_domain(int d) {
    Domain &dom = domains[d];
    const Behaviour &b = cfg.behaviour;
    int err;
    if (!dom.lu) {
        if (b.unpreserve_unpreservable_warns) fx_.warns++;
        return;
    }
    if (b.unpreserve_not_preserved_is_noop && dom.slot < 0) return;
    if (!obj_ok(&err)) {
        fx_.warns++;
        return;
    }
    if (dom.slot < 0) return;
    frames_preserved -= long(dom.tables());
    touch(Chain::domain, dom.slot).deleted = true;
    dom.slot = -1;
}

int Model::domain_preserve(int d) {
    if (!alive(domains, d)) return -EINVAL;
    return preserve_domain(d);
}

int Model::domain_unpreserve(int d) {
    if (!alive(domains, d)) return -EINVAL;
    for (const Device &v : devs)
        if (v.domain == d && v.slot >= 0) return -EBUSY;
    unpreserve_domain(d);
    return 0;
}

int Model::unit_get(int u) {
    Unit &unit = units[u];
    if (unit.slot >= 0) {
        touch(Chain::iommu, unit.slot).ref++;
        return 0;
    }
    int idx = alloc_slot(Chain::iommu);
    if (idx < 0) return idx;
    Slot &slot = touch(Chain::iommu, idx);
    slot.owner = u;
    if (call(Site::drv_iommu_preserve)) {
        slot.deleted = true;
        return -EIO;
    }
    if (call(Site::kho_preserve_folio)) {
        slot.deleted = true;
        return -ENOMEM;
    }
    frames_preserved++;
    unit.slot = idx;
    return 0;
}

void Model::unit_put(int u) {
    Unit &unit = units[u];
    if (unit.slot < 0) {
        fx_.warns++;
        return;
    }
    Slot &slot = touch(Chain::iommu, unit.slot);
    if (--slot.ref) return;
    slot.deleted = true;
    unit.slot = -1;
    frames_preserved--;
}

int Model::dev_preserve(int v) {
    if (v < 0 || size_t(v) >= devs.size()) return -EINVAL;
    Device &dev = devs[v];
    if (!alive(domains, dev.domain)) return -EINVAL;
    const Domain &dom = domains[dev.domain];
    const Behaviour &b = cfg.behaviour;
    int err;
    if (dom.slot < 0 && !b.dev_preserve_gets_object_first) return -EINVAL;
    if (!obj_ok(&err)) return err;
    if (dom.slot < 0) return -EINVAL;
    if (dev.slot >= 0) return b.dev_preserve_again;
    int idx = alloc_slot(Chain::device);
    if (idx < 0) return idx;
    if (int r = unit_get(dev.unit)) {
        touch(Chain::device, idx).deleted = true;
        return r;
    }
    Slot &slot = touch(Chain::device, idx);
    slot.owner = v;
    slot.devid = dev.bdf;
    slot.domain_slot = dom.slot;
    slot.unit_slot = units[dev.unit].slot;
    if (call(Site::drv_device_preserve)) {
        slot.deleted = true;
        unit_put(dev.unit);
        return -EIO;
    }
    dev.slot = idx;
    return 0;
}

void Model::unpreserve_device(int v) {
    Device &dev = devs[v];
    touch(Chain::device, dev.slot).deleted = true;
    dev.slot = -1;
    unit_put(dev.unit);
}

int Model::dev_unpreserve(int v) {
    if (v < 0 || size_t(v) >= devs.size()) return -EINVAL;
    Device &dev = devs[v];
    if (!alive(domains, dev.domain)) return -EINVAL;
    int err;
    if (cfg.behaviour.unpreserve_not_preserved_is_noop && dev.slot < 0) return 0;
    if (!obj_ok(&err) || dev.slot < 0) {
        fx_.warns++;
        return 0;
    }
    unpreserve_device(v);
    return 0;
}

int Model::domain_churn(int d, uint64_t n) {
    for (uint64_t i = 0; i < n; i++) {
        if (int r = domain_preserve(d)) return r;
        if (int r = domain_unpreserve(d)) return r;
    }
    return 0;
}

int Model::dev_churn(int v, uint64_t n) {
    for (uint64_t i = 0; i < n; i++) {
        if (int r = dev_preserve(v)) return r;
        if (int r = dev_unpreserve(v)) return r;
    }
    return 0;
}

void Model::flb_release() {
    for (int c = 0; c < 3; c++)
        frames_preserved -= long(chain_pages(Chain(c), out[c].slots.size()));
    frames_preserved--; // the FLB data page
    out = {};
    flb.out_obj = false;
}

int Model::file_preserve(int f) {
    if (f < 0 || size_t(f) >= files.size() || !files[f].ctx) return -EINVAL;
    if (files[f].state != FileState::open) return -EBUSY;
    if (!flb.out_count) {
        if (call(Site::kzalloc)) return -ENOMEM;
        for (int page = 0; page < 4; page++) {
            if (int r = alloc_page()) {
                frames_preserved -= page;
                return r;
            }
        }
        out = {};
        flb.out_obj = true;
    }
    flb.out_count++;
    std::vector<int> mine;
    for (int d : files[f].domains) {
        if (domains[d].slot >= 0) continue;
        if (int r = preserve_domain(d)) {
            for (auto it = mine.rbegin(); it != mine.rend(); ++it) unpreserve_domain(*it);
            if (!--flb.out_count) flb_release();
            return r;
        }
        mine.push_back(d);
    }
    files[f].state = FileState::preserved;
    return 0;
}

void Model::session_teardown() {
    for (size_t v = 0; v < devs.size(); v++)
        if (devs[v].slot >= 0 && alive(domains, devs[v].domain)) unpreserve_device(int(v));
    for (size_t d = 0; d < domains.size(); d++)
        if (domains[d].alive && domains[d].slot >= 0) unpreserve_domain(int(d));
}

int Model::file_unpreserve(int f) {
    if (f < 0 || size_t(f) >= files.size() || !files[f].ctx) return -EINVAL;
    if (files[f].state != FileState::preserved) return -ENOENT;
    if (flb.out_count == 1) session_teardown();
    File &file = files[f];
    for (size_t i = file.devs.size(); i-- > 0;)
        if (devs[file.devs[i]].slot >= 0) unpreserve_device(file.devs[i]);
    for (size_t i = file.domains.size(); i-- > 0;)
        if (domains[file.domains[i]].slot >= 0) unpreserve_domain(file.domains[i]);
    if (!--flb.out_count) flb_release();
    file.state = FileState::open;
    return 0;
}

} // namespace lu::model
