// `reckon site compare` as a child process on bad inputs written at run time (issue 15's
// acceptance): each ends with the exit code of docs/cli.md (1 bad input, 2 bad usage), a
// message naming the file and a hint, no crash, no NaN in what is written, and no output
// folder at all when the run fails (nor a staging folder left beside it).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "raster_fixtures.hpp"

#ifndef RECKON_BINARY
#error "RECKON_BINARY must name the reckon executable"
#endif

namespace {

namespace fs = std::filesystem;
using reckon::test::RasterSpec;
using reckon::test::write_raster;

struct ChildRun {
    int exit_code = -1;  // -1 when the child died of a signal
    std::string out, err;
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

class SiteCli : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("reckon_site_cli_" + std::to_string(::getpid()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    // Runs `reckon site compare ARGS...`; stdout and stderr captured.
    ChildRun compare(const std::vector<std::string>& args) {
        std::string command = quote(RECKON_BINARY) + " site compare";
        for (const auto& a : args) command += " " + quote(a);
        command += " >" + quote((m_dir / "stdout").string()) + " 2>" + quote((m_dir / "stderr").string());
        const int status = std::system(command.c_str());
        ChildRun r;
        if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
        r.out = slurp(m_dir / "stdout");
        r.err = slurp(m_dir / "stderr");
        return r;
    }

    std::string path(const std::string& name) const { return (m_dir / name).string(); }

    // A failed run leaves no --out folder and no staging folder.
    void expect_nothing_written(const std::string& out) const {
        EXPECT_FALSE(fs::exists(out)) << out;
        for (const auto& entry : fs::directory_iterator(m_dir))
            EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos) << entry.path();
    }

    fs::path m_dir;
};

// The refusal of a bad input: exit 1, the file named, a hint, nothing written.
void expect_refused(const ChildRun& r, const std::string& file, const std::string& what) {
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("reckon: error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("reckon: hint: "), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("unexpected failure"), std::string::npos) << r.err;
}

TEST_F(SiteCli, AGoodPairWritesEveryFileWithoutNan) {
    RasterSpec before;
    before.nodata_rows = 6;
    RasterSpec after;
    after.change_size = 14;
    after.nan_cols = 5;
    write_raster(path("before.tif"), before);
    write_raster(path("after.tif"), after);
    const auto r = compare({path("before.tif"), path("after.tif"), "--out", path("out")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* name :
         {"change.geojson", "change.gpkg", "before.png", "after.png", "overlay.png", "summary.json"})
        EXPECT_TRUE(fs::exists(m_dir / "out" / name)) << name;
    const std::string summary = slurp(m_dir / "out" / "summary.json");
    const std::string geojson = slurp(m_dir / "out" / "change.geojson");
    EXPECT_NE(geojson.find("\"area_m2\""), std::string::npos) << geojson;
    for (const auto* text : {&summary, &geojson}) {
        EXPECT_EQ(text->find("nan"), std::string::npos);
        EXPECT_EQ(text->find("null"), std::string::npos);
    }
    // The site map's placement (issue 15): the quick-looks' WGS84 bounds and world files.
    EXPECT_NE(summary.find("\"bounds\""), std::string::npos) << summary;
    for (const char* name : {"before.pgw", "after.pgw", "overlay.pgw", "overlay.png.aux.xml"})
        EXPECT_TRUE(fs::exists(m_dir / "out" / name)) << name;
    expect_nothing_written(path("nothing"));  // and no staging folder left
}

TEST_F(SiteCli, TruncatedTiff) {
    RasterSpec spec;
    spec.width = spec.height = 300;
    write_raster(path("whole.tif"), spec);
    fs::copy_file(path("whole.tif"), path("cut.tif"));
    fs::resize_file(path("cut.tif"), fs::file_size(path("cut.tif")) / 3);
    const auto r = compare({path("whole.tif"), path("cut.tif"), "--out", path("out")});
    expect_refused(r, "cut.tif", "cannot be read at rows");
    expect_nothing_written(path("out"));
}

TEST_F(SiteCli, MismatchedSizesWithoutGeoreference) {
    RasterSpec a;
    a.epsg = 0, a.geotransform = false;
    RasterSpec b = a;
    b.width = 65;
    write_raster(path("a.tif"), a);
    write_raster(path("b.tif"), b);
    const auto r = compare({path("a.tif"), path("b.tif"), "--out", path("out")});
    expect_refused(r, "b.tif", "cannot be aligned");
    expect_nothing_written(path("out"));
}

TEST_F(SiteCli, AllNodataAndOnePixelImages) {
    RasterSpec good;
    write_raster(path("good.tif"), good);
    RasterSpec empty;
    empty.bands = 1;
    empty.nodata_rows = 64;
    write_raster(path("empty.tif"), empty);
    expect_refused(compare({path("good.tif"), path("empty.tif"), "--out", path("out")}), "empty.tif",
                   "no valid pixel");
    RasterSpec one;
    one.width = one.height = 1;
    write_raster(path("one.tif"), one);
    expect_refused(compare({path("one.tif"), path("one.tif"), "--out", path("out")}), "one.tif", "too small");
    expect_nothing_written(path("out"));
}

TEST_F(SiteCli, AoiOutsideTheImageAndAoiOfOnePixel) {
    RasterSpec spec;
    write_raster(path("a.tif"), spec);
    std::ofstream(path("far.geojson"))
        << R"({"type":"Polygon","coordinates":[[[10,10],[10.1,10],[10.1,10.1],[10,10]]]})";
    expect_refused(
        compare({path("a.tif"), path("a.tif"), "--aoi", path("far.geojson"), "--out", path("out")}),
        "far.geojson", "outside the images");
    // Inside the image but over one pixel only: refused, not computed on one pixel.
    std::ofstream(path("dot.geojson"))
        << R"({"type":"Polygon","coordinates":[[[52.00102,55.69898],[52.00108,55.69898],[52.00108,55.69892],[52.00102,55.69892],[52.00102,55.69898]]]})";
    expect_refused(
        compare({path("a.tif"), path("a.tif"), "--aoi", path("dot.geojson"), "--out", path("out")}), "a.tif",
        "too few to compare");
    expect_nothing_written(path("out"));
}

TEST_F(SiteCli, FolderOfBandsWithAMissingBand) {
    fs::create_directories(m_dir / "t1"), fs::create_directories(m_dir / "t2");
    unsigned seed = 1;
    for (const std::string band : {"B02", "B03", "B04"}) {
        RasterSpec spec;
        spec.bands = 1;
        spec.seed = seed++;
        write_raster(path("t1/s2_" + band + ".tif"), spec);
        if (band != "B03") write_raster(path("t2/s2_" + band + ".tif"), spec);
    }
    auto r = compare({path("t1"), path("t2"), "--out", path("out")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("left out: B03 (only in " + path("t1") + ")"), std::string::npos) << r.err;
    r = compare({path("t1"), path("t2"), "--bands", "B03,B04", "--out", path("out2")});
    expect_refused(r, "t2", "has no band B03");
    expect_nothing_written(path("out2"));
}

TEST_F(SiteCli, DifferentCrs) {
    RasterSpec before;
    write_raster(path("wgs84.tif"), before);
    RasterSpec after;
    after.epsg = 32639;  // UTM 39N, where 52 E, 55.7 N lies
    after.x0 = 562800, after.y0 = 6173180, after.pixel = 7;
    write_raster(path("utm.tif"), after);
    auto r = compare({path("wgs84.tif"), path("utm.tif"), "--out", path("out")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(slurp(m_dir / "out" / "summary.json").find("\"warped\": true"), std::string::npos);
    // Far apart in different CRSs: no overlap, said so.
    after.x0 = 262800;
    write_raster(path("far.tif"), after);
    expect_refused(compare({path("wgs84.tif"), path("far.tif"), "--out", path("out2")}), "far.tif",
                   "does not overlap");
    // A grid with no CRS against one with a CRS: nothing to warp by.
    after.epsg = 0;
    write_raster(path("bare.tif"), after);
    expect_refused(compare({path("wgs84.tif"), path("bare.tif"), "--out", path("out2")}), "bare.tif",
                   "no coordinate reference system");
    expect_nothing_written(path("out2"));
}

TEST_F(SiteCli, OutputThatCannotBeAFolder) {
    RasterSpec spec;
    write_raster(path("a.tif"), spec);
    std::ofstream(path("file.txt")) << "x";
    auto r = compare({path("a.tif"), path("a.tif"), "--out", path("file.txt")});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("is a file, not a folder"), std::string::npos) << r.err;
    r = compare({path("a.tif"), path("a.tif"), "--out", path("file.txt/sub")});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("cannot write the comparison into"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("unexpected failure"), std::string::npos) << r.err;
    expect_nothing_written(path("file.txt/sub"));
}

// A pair without a georeference is compared, but its quick-looks have no place on a map: no
// bounds in summary.json, no world file.
TEST_F(SiteCli, PlainPairHasNoBounds) {
    RasterSpec a;
    a.epsg = 0, a.geotransform = false;
    RasterSpec b = a;
    b.change_size = 14;
    write_raster(path("a.tif"), a);
    write_raster(path("b.tif"), b);
    const auto r = compare({path("a.tif"), path("b.tif"), "--out", path("out")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(m_dir / "out" / "overlay.png"));
    EXPECT_EQ(slurp(m_dir / "out" / "summary.json").find("\"bounds\""), std::string::npos);
    for (const char* name : {"before.pgw", "after.pgw", "overlay.pgw", "overlay.png.aux.xml"})
        EXPECT_FALSE(fs::exists(m_dir / "out" / name)) << name;
}

}  // namespace
