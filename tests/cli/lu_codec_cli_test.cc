// `lu encode`, `lu decode` and `lu minimize` on fuzzer bytes, as a user meets
// them: a reproducer survives encode then decode, decode --bugs writes a
// replayable reproducer, a crash file minimizes, and bad input is exit 2 with
// the file's name; a crash file's name with a newline in it stays on the
// header line; `-o` and `--timeline` onto symlinks, devices, FIFOs and sockets.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>

#include "cli_support.h"

namespace lu::cli {
namespace {

const std::string kRace = "# lu-repro v1\n"
                          "f0 = file_open()\nf1 = file_open()\nfile_preserve(f0)\n"
                          "d0 = domain_alloc(f0)\nd1 = domain_alloc(f1)\n"
                          "domain_preserve(d0)  (fail: kho_alloc_preserve#1, kzalloc#2+)\n"
                          "concurrent {\n  t0: domain_preserve(d0)\n  t1: domain_preserve(d1)\n}\n"
                          "schedule: t1:start t0:start t1:lock\n";

TEST(LuCodecCli, EncodeThenDecodeGivesTheProgramBack) {
    const std::string src = temp_file("race.lu", kRace), bin = temp_path("race.bin");
    Outcome e = lu("encode " + src + " -o " + bin);
    ASSERT_EQ(e.code, 0) << e.out;
    Outcome d = lu("decode " + bin);
    ASSERT_EQ(d.code, 0) << d.out;
    // The decoded text is the source plus a comment naming the input.
    EXPECT_EQ(d.out, "# lu-repro v1\n# decoded from " + bin + "\n" + kRace.substr(14)) << d.out;
}

TEST(LuCodecCli, DecodeWithBugsWritesAReplayableReproducer) {
    const std::string src = temp_file("dp.lu", "# lu-repro v1\nf0 = file_open()\n"
                                               "d0 = domain_alloc(f0)\nfile_preserve(f0)\n"
                                               "domain_preserve(d0)\n");
    const std::string bin = temp_path("dp.bin"), out = temp_path("dp.lu");
    ASSERT_EQ(lu("encode " + src + " -o " + bin).code, 0);
    Outcome d = lu("decode " + bin + " --bugs v2_double_preserve -o " + out);
    ASSERT_EQ(d.code, 0) << d.out;
    const std::string text = slurp(out);
    EXPECT_NE(text.find("# bugs: v2_double_preserve\n"), std::string::npos) << text;
    EXPECT_NE(text.find("# expect: fail differential:domain_preserve\n"), std::string::npos)
        << text;
    Outcome r = lu("replay " + out);
    EXPECT_EQ(r.code, 0) << r.out; // it fails, as its `# expect:` says
    EXPECT_NE(r.out.find(": as expected"), std::string::npos) << r.out;
}

TEST(LuCodecCli, MinimizeAcceptsACrashFile) {
    const std::string src = temp_file("dp2.lu", "# lu-repro v1\nf0 = file_open()\nu0 = unit_add()\n"
                                                "d0 = domain_alloc(f0)\nfile_preserve(f0)\n"
                                                "domain_map(d0, 0x0, 3)\ndomain_preserve(d0)\n");
    const std::string crash = temp_path("crash-0123abcd");
    const std::string out = temp_path("dp2-min.lu");
    ASSERT_EQ(lu("encode " + src + " -o " + crash).code, 0);
    Outcome m = lu("minimize " + crash + " --bugs v2_double_preserve -o " + out);
    EXPECT_EQ(m.code, 1) << m.out;
    const std::string text = slurp(out);
    EXPECT_NE(text.find("# bugs: v2_double_preserve\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("unit_add"), std::string::npos) << text;
}

TEST(LuCodecCli, BadInputIsExit2WithTheFileName) {
    const std::string text = temp_file("text.lu", kRace);
    Outcome d = lu("decode " + text);
    EXPECT_EQ(d.code, 2);
    EXPECT_NE(d.out.find(text + ": is a .lu text file"), std::string::npos) << d.out;

    d = lu("decode /nonexistent/crash-1");
    EXPECT_EQ(d.code, 2);
    EXPECT_NE(d.out.find("/nonexistent/crash-1: cannot open"), std::string::npos) << d.out;

    d = lu("decode " + ::testing::TempDir());
    EXPECT_EQ(d.code, 2);

    const std::string broken = temp_file("broken2.lu", "# lu-repro v1\nd0 = domain_alloc(f0)\n");
    Outcome e = lu("encode " + broken + " -o " + temp_path("x.bin"));
    EXPECT_EQ(e.code, 2);
    EXPECT_NE(e.out.find(broken + ":2:19: "), std::string::npos) << e.out;

    Outcome m = lu("minimize " + broken + " -o " + temp_path("x.lu"));
    EXPECT_EQ(m.code, 2);
    EXPECT_NE(m.out.find(broken + ":2:19: "), std::string::npos) << m.out;

    d = lu("decode " + temp_file("crash-x", "\x80\x90") + " --bugs no_such_bug");
    EXPECT_EQ(d.code, 2);
    EXPECT_NE(d.out.find("no_such_bug"), std::string::npos) << d.out;
}

TEST(LuCodecCli, WhatDoesNotFitTheBytesIsRefused) {
    std::string big = "# lu-repro v1\nf0 = file_open()\nconcurrent {\n";
    for (int i = 0; i < 9; i++) big += "  t" + std::to_string(i % 2) + ": file_preserve(f0)\n";
    const std::string src = temp_file("big-block.lu", big + "}\n");
    Outcome e = lu("encode " + src + " -o " + temp_path("big.bin"));
    EXPECT_EQ(e.code, 2);
    EXPECT_NE(e.out.find(src + ": does not fit"), std::string::npos) << e.out;
}

TEST(LuCodecCli, AnyBytesDecode) {
    Outcome d = lu("decode " + temp_file("crash-empty", ""));
    EXPECT_EQ(d.code, 0) << d.out;
    d = lu("decode " + temp_file("crash-junk", std::string("\xff\x00\x13\xa7\x41\x88\x05\x9a", 8)));
    EXPECT_EQ(d.code, 0) << d.out;
    EXPECT_EQ(d.out.rfind("# lu-repro v1\n", 0), 0u) << d.out;
}

TEST(LuCodecCli, DecodeAndMinimizeStopAtTheSizeLimit) {
    // /dev/zero never ends: the limit, not the input, ends the read.
    Outcome d = lu("decode /dev/zero");
    EXPECT_EQ(d.code, 2) << d.out;
    EXPECT_NE(d.out.find("/dev/zero: larger than 16 MiB"), std::string::npos) << d.out;
    const std::string out = temp_path("zero-min.lu");
    Outcome m = lu("minimize /dev/zero -o " + out);
    EXPECT_EQ(m.code, 2) << m.out;
    EXPECT_NE(m.out.find("/dev/zero: larger than 16 MiB"), std::string::npos) << m.out;
    // A regular file one byte past the limit, and one at it.
    const std::string big = temp_path("big.bin");
    std::string bytes((size_t(16) << 20) + 1, '\x01');
    temp_file("big.bin", bytes);
    EXPECT_EQ(lu("decode " + big + " -o " + temp_path("big.lu")).code, 2);
    bytes.pop_back();
    temp_file("big.bin", bytes);
    EXPECT_EQ(lu("decode " + big + " -o " + temp_path("big.lu")).code, 0);
}

TEST(LuCodecCli, NewlineInTheCrashFileNameStaysInTheHeader) {
    const std::string src = temp_file("race.lu", kRace), plain = temp_path("crash-plain");
    ASSERT_EQ(lu("encode " + src + " -o " + plain).code, 0);
    // A name whose second line is a step of its own.
    const std::string odd = temp_path("crash-a\nf9 = file_open()\\x");
    std::filesystem::copy_file(plain, odd);
    const std::string out = temp_path("odd.lu");
    Outcome d = lu("decode '" + odd + "' -o " + out);
    ASSERT_EQ(d.code, 0) << d.out;
    const std::string text = slurp(out), escaped = temp_path("crash-a\\nf9 = file_open()\\\\x");
    EXPECT_EQ(text, "# lu-repro v1\n# decoded from " + escaped + "\n" + kRace.substr(14)) << text;
    EXPECT_EQ(text.find("\nf9 = "), std::string::npos) << text;
    Outcome r = lu("replay " + out);
    EXPECT_EQ(r.code, 0) << r.out;
    std::filesystem::remove(odd);
}

TEST(LuCodecCli, OutputThroughASymlinkWritesItsTarget) {
    const std::string src = temp_file("race.lu", kRace), target = temp_path("target.bin"),
                      link = temp_path("link.bin");
    std::filesystem::remove(target);
    std::filesystem::remove(link);
    std::filesystem::create_symlink(target, link);
    ASSERT_EQ(lu("encode " + src + " -o " + link).code, 0);
    EXPECT_TRUE(std::filesystem::is_symlink(link));
    ASSERT_TRUE(std::filesystem::is_regular_file(target));
    Outcome d = lu("decode " + target);
    EXPECT_NE(d.out.find(kRace.substr(14)), std::string::npos) << d.out;
    // Again, over the existing target, and a timeline through a link too.
    ASSERT_EQ(lu("encode " + src + " -o " + link).code, 0);
    EXPECT_TRUE(std::filesystem::is_symlink(link));
    const std::string page = temp_path("page.html"), page_link = temp_path("page-link.html");
    std::filesystem::remove(page);
    std::filesystem::remove(page_link);
    std::filesystem::create_symlink(page, page_link);
    Outcome t = lu("replay " + src + " --timeline " + page_link);
    EXPECT_EQ(t.code, 0) << t.out;
    EXPECT_TRUE(std::filesystem::is_symlink(page_link));
    EXPECT_NE(slurp(page).find("<html"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(page_link + ".tmp"));
}

TEST(LuCodecCli, OutputToADeviceIsWrittenInPlace) {
    // /dev/null through a link of the test's own: were the device replaced,
    // the link would show a regular file.
    const std::string src = temp_file("race.lu", kRace), link = temp_path("null");
    std::filesystem::remove(link);
    std::filesystem::create_symlink("/dev/null", link);
    Outcome e = lu("encode " + src + " -o " + link);
    EXPECT_EQ(e.code, 0) << e.out;
    struct stat st;
    ASSERT_EQ(stat(link.c_str(), &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    EXPECT_TRUE(std::filesystem::is_symlink(link));
    EXPECT_FALSE(std::filesystem::exists("/dev/null.tmp"));
}

TEST(LuCodecCli, OutputToAFifoIsWrittenInPlace) {
    const std::string src = temp_file("race.lu", kRace), bin = temp_path("race.bin"),
                      fifo = temp_path("fifo");
    ASSERT_EQ(lu("encode " + src + " -o " + bin).code, 0);
    std::filesystem::remove(fifo);
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    std::string got;
    std::thread reader([&] { got = slurp(fifo); });
    Outcome d = lu("decode " + bin + " -o " + fifo);
    reader.join();
    EXPECT_EQ(d.code, 0) << d.out;
    EXPECT_NE(got.find(kRace.substr(14)), std::string::npos) << got;
    struct stat st;
    ASSERT_EQ(lstat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST(LuCodecCli, OutputToASocketIsRefused) {
    const std::string src = temp_file("race.lu", kRace);
    // A socket's path is short; the test's own name keeps it apart.
    const std::string sock = "/tmp/lu-codec-sock-" + std::to_string(getpid());
    std::filesystem::remove(sock);
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock.c_str());
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
    Outcome e = lu("encode " + src + " -o " + sock);
    EXPECT_EQ(e.code, 2) << e.out;
    EXPECT_NE(e.out.find("cannot write " + sock + ": it is a socket, not a file"),
              std::string::npos)
        << e.out;
    struct stat st;
    EXPECT_EQ(lstat(sock.c_str(), &st), 0);
    EXPECT_TRUE(S_ISSOCK(st.st_mode));
    close(fd);
    std::filesystem::remove(sock);
}

} // namespace
} // namespace lu::cli
