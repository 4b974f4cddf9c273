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

Model::Held Model::series_held() const {
    Held h;
    auto obj = [&h](const std::array<ChainState, 3> &chains) {
        h.kmem++;
        h.frames++;
        for (int c = 0; c < 3; c++)
            h.frames += long(chain_pages(Chain(c), chains[size_t(c)].slots.size()));
    };
    if (flb.out_obj) obj(out);
    if (flb.has_incoming && flb.retrieved && !flb.finished) obj(in);
    return h;
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
    flb.in_count++;
    return true;
}

void Model::finish_flb() {
    flb.retrieved = false;
    flb.finished = true;
}

void Model::put_incoming() {
    if (!--flb.in_count) finish_flb();
}

int Model::unit_restore(int u) {
    int r = 0;
    for (int part = 0; part < kUnitRestoreParts && !r; part++) r = unit_restore_part(u, part);
    return r;
}

int Model::unit_restore_part(int u, int part) {
    if (u < 0 || size_t(u) >= units.size()) return -EINVAL;
    Unit &unit = units[u];
    if (part == 0) {
        if (unit.restored) return -EBUSY;
        int err;
        if (!get_incoming(&err)) return -ENOENT;
        unit.found = false;
        for (const Slot &s : in[int(Chain::iommu)].slots)
            if (!s.deleted && s.owner == u) {
                unit.found = true;
                break;
            }
        return 0;
    }
    put_incoming();
    if (!unit.found) return -ENOENT;
    if (call(Site::kho_restore_folio)) return -ENOENT;
    frames_incoming--;
    unit.restored = true;
    return 0;
}

int Model::dev_restore(int v) {
    int r = 0;
    for (int part = 0; part < kDevRestoreParts && !r; part++) r = dev_restore_part(v, part);
    return r;
}

int Model::dev_restore_part(int v, int part) {
    if (v < 0 || size_t(v) >= devs.size()) return -EINVAL;
    Device &dev = devs[v];
    int err;
    switch (part) {
    case 0: { // look the device up, holding a reference
        if (dev.restored || dev.domain >= 0) return -EBUSY;
        if (!get_incoming(&err)) return -ENOENT;
        dev.found = -1;
        const auto &dslots = in[int(Chain::device)].slots;
        for (size_t i = 0; i < dslots.size(); i++) {
            if (!dslots[i].deleted && dslots[i].devid == dev.bdf) {
                dev.found = int(i);
                touch(Chain::device, dev.found, true).incoming = true;
                break;
            }
        }
        return 0;
    }
    case 1:
        put_incoming();
        return dev.found < 0 ? -ENOENT : 0;
    case 2: { // rebuild its domain (or find it rebuilt), holding a reference
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
        dev.pending = ret;
        return 0;
    }
    default: {
        put_incoming();
        if (dev.pending) return dev.pending;
        dev.restored = true;
        dev.restored_slot = in[int(Chain::device)].slots[size_t(dev.found)].domain_slot;
        return 0;
    }
    }
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

uint64_t Model::incoming_digest() const {
    uint64_t h = 0xcbf29ce484222325ull;
    auto mix = [&h](int64_t v) { h = (h ^ uint64_t(v)) * 0x100000001b3ull; };
    mix(flb.has_incoming), mix(flb.in_count), mix(flb.retrieved), mix(flb.finished);
    mix(frames_incoming), mix(panicked), mix(boot);
    for (const File &f : files) mix(int(f.state));
    for (const Unit &u : units) mix(u.found), mix(u.restored);
    for (const Device &d : devs)
        mix(d.found), mix(d.pending), mix(d.restored), mix(d.restored_slot), mix(d.domain);
    for (const ChainState &c : in)
        for (const Slot &s : c.slots) mix(s.incoming), mix(s.restored), mix(s.restore_err);
    return h;
}

} // namespace lu::model
