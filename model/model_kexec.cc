// The model across kexec and in the next kernel: what survives the reboot,
// the FLB's incoming count, retrieve (fatal when a page cannot be restored),
// lookups that skip deleted entries, domain restore (once per entry, failure
// remembered), and finish.
#include <cerrno>

#include "model.h"

namespace lu::model {

int Model::kexec() {
    for (File &f : files) {
        f.state = f.state == FileState::preserved ? FileState::incoming : FileState::gone;
        f.ctx = false;
        f.devs.clear();
        f.dev_domain.clear();
        f.domains.clear();
    }
    in = out;
    out = {};
    frames_incoming = frames_preserved;
    frames_preserved = 0;
    flb.has_incoming = flb.out_count > 0;
    flb.in_count = flb.out_count;
    flb.retrieved = flb.finished = false;
    flb.out_count = 0;
    flb.out_obj = false;
    for (Domain &d : domains) d.alive = false;
    for (Device &v : devs) v = Device{v.unit, v.bdf};
    for (Unit &u : units) u = Unit{true};
    boot++;
    return 0;
}

int Model::retrieve() {
    if (call(Site::kzalloc)) return -ENOMEM;
    uint64_t pages = 1;
    for (int c = 0; c < 3; c++) pages += chain_pages(Chain(c), in[c].slots.size());
    for (uint64_t p = 0; p < pages; p++) {
        if (call(Site::kho_restore_folio)) {
            fx_.panic = panicked = true;
            throw Panic{};
        }
    }
    frames_incoming -= long(pages);
    flb.retrieved = true;
    return 0;
}

bool Model::get_incoming(int *err) {
    if (!flb.has_incoming || flb.finished) {
        *err = -ENODATA;
        return false;
    }
    if (!flb.retrieved) {
        if (int r = retrieve()) {
            *err = r;
            return false;
        }
    }
    if (!cfg.luo_gen_a) flb.in_count++;
    return true;
}

void Model::finish_flb() {
    flb.retrieved = false;
    flb.finished = true;
}

void Model::put_incoming() {
    if (cfg.luo_gen_a) return;
    if (!--flb.in_count) finish_flb();
}

int Model::unit_restore(int u) {
    if (u < 0 || size_t(u) >= units.size()) return -EINVAL;
    if (units[u].restored) return -EBUSY;
    int err;
    if (!get_incoming(&err)) return -ENOENT;
    bool found = false;
    for (const Slot &s : in[int(Chain::iommu)].slots)
        if (!s.deleted && s.owner == u) {
            found = true;
            break;
        }
    put_incoming();
    if (!found) return -ENOENT;
    if (call(Site::kho_restore_folio)) return -ENOENT;
    frames_incoming--;
    units[u].restored = true;
    return 0;
}

int Model::dev_restore(int v) {
    if (int r = dev_lookup(v)) return r;
    return dev_restore_found(v);
}

int Model::dev_lookup(int v) {
    if (v < 0 || size_t(v) >= devs.size()) return -EINVAL;
    Device &dev = devs[v];
    if (dev.restored || dev.domain >= 0) return -EBUSY;
    int err;
    if (!get_incoming(&err)) return -ENOENT;
    int idx = -1;
    const auto &dslots = in[int(Chain::device)].slots;
    for (size_t i = 0; i < dslots.size(); i++) {
        if (!dslots[i].deleted && dslots[i].devid == dev.bdf) {
            idx = int(i);
            break;
        }
    }
    if (idx >= 0) {
        touch(Chain::device, idx, true).incoming = true;
        dev.found = idx;
    }
    put_incoming();
    return idx < 0 ? -ENOENT : 0;
}

int Model::dev_restore_found(int v) {
    if (v < 0 || size_t(v) >= devs.size()) return -EINVAL;
    Device &dev = devs[v];
    if (dev.found < 0 || dev.restored) return 0; // the lookup failed, or nothing to do
    int err;
    if (!get_incoming(&err)) return err;
    const int dslot = in[int(Chain::device)].slots[size_t(dev.found)].domain_slot;
    Slot &ds = touch(Chain::domain, dslot, true);
    int ret = 0;
    if (ds.restored) {
        ret = 0;
    } else if (ds.restore_err) {
        ret = ds.restore_err;
    } else {
        ds.incoming = true;
        if (call(Site::kzalloc) || call(Site::alloc_pages)) {
            ret = -ENOMEM;
        } else if (call(Site::drv_domain_restore)) {
            ret = ds.restore_err = -EIO;
        } else {
            // Every table, top-down; on a failure the tables restored so far
            // are freed (no longer incoming) and the error is remembered.
            const long tables = long(1 + ds.l1.size() + ds.l0.size());
            long restored = 0;
            while (restored < tables && !call(Site::kho_restore_folio)) restored++;
            frames_incoming -= restored;
            if (restored < tables)
                ret = ds.restore_err = -ENOENT;
            else
                ds.restored = true;
        }
    }
    put_incoming();
    if (ret) return ret;
    dev.restored = true;
    dev.restored_slot = dslot;
    return 0;
}

int Model::file_retrieve(int f) {
    if (f < 0 || size_t(f) >= files.size()) return -EINVAL;
    if (files[f].state == FileState::retrieved) return 0;
    if (files[f].state != FileState::incoming) return -ENOENT;
    files[f].state = FileState::retrieved;
    return 0;
}

int Model::file_finish(int f) {
    if (f < 0 || size_t(f) >= files.size()) return -EINVAL;
    if (files[f].state != FileState::retrieved && files[f].state != FileState::incoming)
        return -ENOENT;
    if (flb.has_incoming && !flb.finished) {
        if (flb.in_count <= 0) {
            fx_.warns++;
        } else if (!--flb.in_count) {
            if (!flb.retrieved) retrieve();
            finish_flb();
        }
    }
    files[f].state = FileState::finished;
    return 0;
}

} // namespace lu::model
