// The quick-looks' place on the earth (issue 15, the site map): wgs84_bounds against corners
// computed independently (the geotransform itself in EPSG:4326; GeographicLib's UTM for a UTM
// grid), and georeferenced quick-looks that GDAL reads back in place (world file + .aux.xml),
// while a plain image's quick-look has no bounds and no world file.
#include "reckon/imagery/quicklook.hpp"

#include <gdal.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <GeographicLib/UTMUPS.hpp>
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "raster_fixtures.hpp"
#include "reckon/imagery/raster.hpp"

namespace fs = std::filesystem;
using namespace reckon::imagery;

namespace {

constexpr double TOLERANCE_DEG = 1e-6;

Grid grid_of_epsg(int epsg, double x0, double y0, double pixel, int width, int height) {
    Grid g;
    g.width = width, g.height = height;
    g.geotransform = {x0, pixel, 0, y0, 0, -pixel};
    g.crs_wkt = reckon::test::wkt_of_epsg(epsg);
    g.georeferenced = true;
    return g;
}

Image textured(const Grid& grid) {
    Image image;
    image.grid = grid;
    image.path = "synthetic";
    for (int b = 0; b < 3; ++b) {
        std::vector<float> band(grid.pixels());
        for (std::size_t i = 0; i < band.size(); ++i) band[i] = static_cast<float>((i * (b + 3)) % 97);
        image.bands.push_back(std::move(band));
        image.band_names.push_back(std::to_string(b + 1));
    }
    image.valid.assign(grid.pixels(), 1);
    return image;
}

class QuicklookFiles : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("reckon_quicklook_" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    fs::path m_dir;
};

}  // namespace

TEST(Wgs84Bounds, GeographicGridIsItsOwnExtent) {
    const auto b = wgs84_bounds(grid_of_epsg(4326, 52.0, 55.7, 1e-4, 64, 48));
    ASSERT_TRUE(b.has_value());
    EXPECT_NEAR(b->west, 52.0, TOLERANCE_DEG);
    EXPECT_NEAR(b->east, 52.0064, TOLERANCE_DEG);
    EXPECT_NEAR(b->north, 55.7, TOLERANCE_DEG);
    EXPECT_NEAR(b->south, 55.6952, TOLERANCE_DEG);
}

TEST(Wgs84Bounds, UtmGridMatchesGeographicLibCorners) {
    // UTM zone 39N (EPSG:32639), where Alabuga lies; 2 km x 1.5 km at 10 m pixels, off the
    // central meridian so that the box is not symmetric.
    const double x0 = 560000;
    const double y0 = 6170000;
    const double pixel = 10;
    const int width = 200;
    const int height = 150;
    const auto b = wgs84_bounds(grid_of_epsg(32639, x0, y0, pixel, width, height));
    ASSERT_TRUE(b.has_value());
    std::array<double, 4> lats{};
    std::array<double, 4> lons{};
    const std::array<std::array<double, 2>, 4> corners{{{x0, y0},
                                                        {x0 + pixel * width, y0},
                                                        {x0 + pixel * width, y0 - pixel * height},
                                                        {x0, y0 - pixel * height}}};
    for (std::size_t i = 0; i < corners.size(); ++i)
        GeographicLib::UTMUPS::Reverse(39, true, corners[i][0], corners[i][1], lats[i], lons[i]);
    EXPECT_NEAR(b->south, *std::min_element(lats.begin(), lats.end()), TOLERANCE_DEG);
    EXPECT_NEAR(b->north, *std::max_element(lats.begin(), lats.end()), TOLERANCE_DEG);
    EXPECT_NEAR(b->west, *std::min_element(lons.begin(), lons.end()), TOLERANCE_DEG);
    EXPECT_NEAR(b->east, *std::max_element(lons.begin(), lons.end()), TOLERANCE_DEG);
    EXPECT_GT(b->north, 55.6);
    EXPECT_LT(b->south, 55.7);
    EXPECT_GT(b->west, 51.9);
    EXPECT_LT(b->east, 52.1);
}

TEST(Wgs84Bounds, PlainImageHasNone) {
    Grid plain;
    plain.width = 64, plain.height = 64;
    EXPECT_FALSE(wgs84_bounds(plain).has_value());
    Grid no_crs = grid_of_epsg(4326, 52.0, 55.7, 1e-4, 64, 64);
    no_crs.crs_wkt.clear();
    EXPECT_FALSE(wgs84_bounds(no_crs).has_value());
}

TEST_F(QuicklookFiles, GeoreferencedQuicklookOpensInPlace) {
    const Grid grid = grid_of_epsg(32639, 560000, 6170000, 10, 40, 30);
    const auto png = (m_dir / "before.png").string();
    write_quicklook(png, textured(grid));
    ASSERT_TRUE(fs::exists(m_dir / "before.pgw"));
    ASSERT_TRUE(fs::exists(m_dir / "before.png.aux.xml"));
    EXPECT_FALSE(fs::exists(m_dir / "before.png.tmp.png.aux.xml"));
    std::ifstream world(m_dir / "before.pgw");
    std::array<double, 6> w{};
    for (auto& v : w) world >> v;
    EXPECT_DOUBLE_EQ(w[0], 10.0);
    EXPECT_DOUBLE_EQ(w[3], -10.0);
    EXPECT_DOUBLE_EQ(w[4], 560005.0);  // the centre of the upper-left pixel
    EXPECT_DOUBLE_EQ(w[5], 6169995.0);
    // GDAL reads the PNG back on the same grid, in the same CRS: the same bounds.
    const Image back = read_image(png);
    ASSERT_TRUE(back.grid.georeferenced);
    for (std::size_t i = 0; i < 6; ++i)
        EXPECT_NEAR(back.grid.geotransform[i], grid.geotransform[i], 1e-6) << i;
    const auto a = wgs84_bounds(grid);
    const auto b = wgs84_bounds(back.grid);
    ASSERT_TRUE(a && b);
    EXPECT_NEAR(a->south, b->south, 1e-9);
    EXPECT_NEAR(a->east, b->east, 1e-9);
}

TEST_F(QuicklookFiles, PlainQuicklookHasNoWorldFile) {
    Grid plain;
    plain.width = 32, plain.height = 24;
    const auto png = (m_dir / "after.png").string();
    // A world file left by an earlier, georeferenced quick-look at the same path goes.
    std::ofstream(m_dir / "after.pgw") << "1\n0\n0\n-1\n0\n0\n";
    write_quicklook(png, textured(plain));
    EXPECT_TRUE(fs::exists(png));
    EXPECT_FALSE(fs::exists(m_dir / "after.pgw"));
    EXPECT_FALSE(fs::exists(m_dir / "after.png.aux.xml"));
    const Image back = read_image(png);
    EXPECT_FALSE(back.grid.georeferenced);
    EXPECT_FALSE(wgs84_bounds(back.grid).has_value());
}

TEST_F(QuicklookFiles, LargeQuicklookIsReducedOnTheSameExtent) {
    // 5000 px wide: reduced by 3 to 1667 x 10, so blocks are not all 3 wide and the pixel size
    // is 10 * 5000 / 1667 m; the extent, and so the WGS84 bounds, must not move.
    const Grid grid = grid_of_epsg(32639, 560000, 6170000, 10, 5000, 30);
    Image image = textured(grid);
    ChangeMap change;
    change.width = grid.width, change.height = grid.height;
    change.mask.assign(grid.pixels(), 0);
    change.mask[pixel_index(4000, 20, grid.width)] = 1;  // one pixel: its block must show it
    const auto png = (m_dir / "overlay.png").string();
    write_quicklook(png, image, &change);
    const Image back = read_image(png);
    EXPECT_EQ(back.grid.width, 1667);
    EXPECT_EQ(back.grid.height, 10);
    ASSERT_TRUE(back.grid.georeferenced);
    EXPECT_NEAR(back.grid.geotransform[1], 10.0 * 5000 / 1667, 1e-9);
    EXPECT_NEAR(back.grid.geotransform[5], -30.0, 1e-9);
    const auto a = wgs84_bounds(grid);
    const auto b = wgs84_bounds(back.grid);
    ASSERT_TRUE(a && b);
    EXPECT_NEAR(a->west, b->west, 1e-9);
    EXPECT_NEAR(a->east, b->east, 1e-9);
    EXPECT_NEAR(a->south, b->south, 1e-9);
    EXPECT_NEAR(a->north, b->north, 1e-9);
    std::ifstream world(m_dir / "overlay.pgw");
    std::array<double, 6> w{};
    for (auto& v : w) world >> v;
    EXPECT_NEAR(w[0], 10.0 * 5000 / 1667, 1e-9);
    EXPECT_NEAR(w[4], 560000 + 0.5 * 10.0 * 5000 / 1667, 1e-6);  // the reduced pixel's centre
    // The changed pixel (x 4000 of 5000, row 20 of 30) falls in reduced pixel (1333, 6): red.
    const auto rx = static_cast<std::size_t>(4000 * 1667 / 5000);
    const auto i = pixel_index(static_cast<int>(rx), 20 / 3, back.grid.width);
    EXPECT_GT(back.bands[0][i], back.bands[1][i] + 50);
}
