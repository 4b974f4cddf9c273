// A small JSON writer for the tools' reports: objects, arrays, strings with
// escaping, numbers. Keys keep the order they are written in, so reports
// diff cleanly from one night to the next.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace lu::tools {

class Json {
  public:
    Json &begin_object() { return open('{'); }
    Json &end_object() { return close('}'); }
    Json &begin_array() { return open('['); }
    Json &end_array() { return close(']'); }
    Json &key(std::string_view k) {
        comma();
        quote(k);
        out_ += ": ";
        first_ = true; // the value that follows takes no comma
        return *this;
    }
    Json &value(std::string_view s) { return comma(), quote(s), *this; }
    Json &value(const char *s) { return value(std::string_view(s)); }
    Json &value(const std::string &s) { return value(std::string_view(s)); }
    Json &value(bool b) { return comma(), out_ += b ? "true" : "false", *this; }
    Json &value(uint64_t n) { return comma(), out_ += std::to_string(n), *this; }
    Json &value(int64_t n) { return comma(), out_ += std::to_string(n), *this; }
    Json &value(int n) { return value(int64_t(n)); }
    Json &value(unsigned n) { return value(uint64_t(n)); }
    Json &value(unsigned long long n) { return value(uint64_t(n)); }
    Json &value(double d) {
        char buf[64];
        std::snprintf(buf, sizeof(buf), "%.6g", d);
        return comma(), out_ += buf, *this;
    }
    template <class T> Json &field(std::string_view k, const T &v) { return key(k).value(v); }
    const std::string &str() const { return out_; }

  private:
    Json &open(char c) {
        comma();
        out_ += c;
        first_ = true;
        depth_++;
        return *this;
    }
    Json &close(char c) {
        depth_--;
        out_ += '\n' + std::string(size_t(depth_) * 2, ' ') + c;
        first_ = false;
        return *this;
    }
    void comma() {
        if (!first_) out_ += ',';
        if (!out_.empty() && out_.back() != ' ')
            out_ += '\n' + std::string(size_t(depth_) * 2, ' ');
        first_ = false;
    }
    void quote(std::string_view s) {
        out_ += '"';
        for (char c : s) {
            if (c == '"' || c == '\\') {
                out_ += '\\';
                out_ += c;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", c);
                out_ += buf;
            } else {
                out_ += c;
            }
        }
        out_ += '"';
    }

    std::string out_;
    bool first_ = true;
    int depth_ = 0;
};

} // namespace lu::tools
