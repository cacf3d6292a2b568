// The imagery stage: geodesic areas against a closed form, thresholds, co-registration,
// change methods on synthetic pairs, bad inputs, and the change F1 on the shared data.
#include <cpl_vsi.h>
#include <gdal.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "raster_fixtures.hpp"
#include "reckon/core/error.hpp"
#include "reckon/imagery/aoi.hpp"
#include "reckon/imagery/change.hpp"
#include "reckon/imagery/components.hpp"
#include "reckon/imagery/coregister.hpp"
#include "reckon/imagery/polygons.hpp"
#include "reckon/imagery/raster.hpp"
#include "reckon/imagery/site.hpp"

namespace fs = std::filesystem;
using namespace reckon::imagery;

namespace {

constexpr double WGS84_A = 6378137.0;
constexpr double WGS84_F = 1 / 298.257223563;
const char* const WGS84_WKT =
    "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS "
    "84\",6378137,298.257223563]],PRIMEM[\"Greenwich\",0],"
    "UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4326\"]]";

// Area of the ellipsoid between two parallels and two meridians (closed form, through the
// authalic function q), independent of GeographicLib.
double quadrangle_area_m2(double lat1, double lat2, double dlon_deg) {
    const double e2 = WGS84_F * (2 - WGS84_F);
    const double e = std::sqrt(e2);
    const double b = WGS84_A * (1 - WGS84_F);
    auto q = [&](double lat) {
        const double s = std::sin(lat * M_PI / 180);
        return s / (1 - e2 * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e);
    };
    return b * b * (dlon_deg * M_PI / 180) / 2 * std::abs(q(lat2) - q(lat1));
}

Image blank(int w, int h, int bands, bool georeferenced = false) {
    Image image;
    image.path = "synthetic";
    image.grid.width = w, image.grid.height = h;
    for (int b = 0; b < bands; ++b) {
        image.bands.emplace_back(image.grid.pixels(), 0.0F);
        image.band_names.push_back(std::to_string(b + 1));
    }
    image.valid.assign(image.grid.pixels(), 1);
    if (georeferenced) image.grid.georeferenced = true, image.grid.crs_wkt = WGS84_WKT;
    return image;
}

// A textured scene with structure at every scale, as real ground has: white noise averaged over
// 3 x 3 boxes, plus broad gradients; the same for both dates.
Image scene(int w, int h, int bands, unsigned seed) {
    Image image = blank(w, h, bands);
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0, 30);
    std::vector<float> white(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    for (auto& v : white) v = noise(rng);
    for (int b = 0; b < bands; ++b)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                double sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx)
                        if (x + dx >= 0 && y + dy >= 0 && x + dx < w && y + dy < h)
                            sum += white[pixel_index(x + dx, y + dy, w)], ++n;
                image.bands[static_cast<std::size_t>(b)][pixel_index(x, y, w)] =
                    static_cast<float>(100 + 10 * b + sum / n + 0.2 * x - 0.1 * y);
            }
    return image;
}

void add_noise(Image& image, unsigned seed, float sd) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0, sd);
    for (auto& band : image.bands)
        for (auto& v : band) v += noise(rng);
}

std::string temp_dir(const std::string& name) {
    const auto dir =
        fs::temp_directory_path() / ("reckon_imagery_" + name + "_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir.string();
}

void write_tiff(const std::string& path, int w, int h, int bands, bool georeferenced, float value = 1.0F) {
    GDALAllRegister();
    GDALDatasetH ds =
        GDALCreate(GDALGetDriverByName("GTiff"), path.c_str(), w, h, bands, GDT_Float32, nullptr);
    ASSERT_NE(ds, nullptr);
    std::vector<float> data(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), value);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] += static_cast<float>(i % 7);
    for (int b = 1; b <= bands; ++b)
        ASSERT_EQ(GDALRasterIO(GDALGetRasterBand(ds, b), GF_Write, 0, 0, w, h, data.data(), w, h, GDT_Float32,
                               0, 0),
                  CE_None);
    if (georeferenced) {
        std::array<double, 6> transform{10.0, 0.001, 0, 50.0, 0, -0.001};
        GDALSetGeoTransform(ds, transform.data());
        GDALSetProjection(ds, WGS84_WKT);
    }
    GDALClose(ds);
}

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const reckon::InputError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

// Areas of 0.01 x 0.01 degree squares at 0, 55 and 70 degrees within 0.1% of the ellipsoid's
// closed form; a degree or Web Mercator area would be off by far more at 55 and 70.
TEST(ImageryArea, SquaresAtThreeLatitudesMatchTheEllipsoid) {
    for (const double lat : {0.0, 55.0, 70.0}) {
        SCOPED_TRACE(lat);
        constexpr double PIXEL_DEG = 0.0005;
        constexpr int W = 40;
        constexpr int BLOCK = 20;
        Pair pair;
        pair.before = blank(W, W, 1, true);
        pair.before.grid.geotransform = {30.0, PIXEL_DEG, 0, lat + W * PIXEL_DEG / 2, 0, -PIXEL_DEG};
        pair.after = pair.before;
        ChangeMap map;
        map.width = map.height = W;
        map.score.assign(std::size_t{W} * W, 0.0F);
        map.mask.assign(std::size_t{W} * W, 0);
        map.valid.assign(std::size_t{W} * W, 1);
        map.threshold = 1;
        for (int y = 10; y < 10 + BLOCK; ++y)
            for (int x = 10; x < 10 + BLOCK; ++x)
                map.mask[pixel_index(x, y, W)] = 1, map.score[pixel_index(x, y, W)] = 4;
        const auto polygons = polygonise(map, pair);
        ASSERT_EQ(polygons.size(), 1U);
        const double top = lat + W * PIXEL_DEG / 2 - 10 * PIXEL_DEG;
        const double truth = quadrangle_area_m2(top - BLOCK * PIXEL_DEG, top, BLOCK * PIXEL_DEG);
        EXPECT_NEAR(polygons[0].area_m2 / truth, 1.0, 1e-3) << polygons[0].area_m2 << " vs " << truth;
        EXPECT_EQ(polygons[0].pixels, static_cast<std::size_t>(BLOCK * BLOCK));
        EXPECT_NEAR(polygons[0].confidence, 0.75, 1e-9);
        // RFC 7946: the exterior ring runs counter-clockwise.
        const auto& ring = polygons[0].rings[0];
        double s = 0;
        for (std::size_t i = 0; i + 1 < ring.size(); ++i)
            s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
        EXPECT_GT(s, 0);
    }
}

TEST(ImageryArea, HolesAreSubtracted) {
    const Ring outer = {{0, 0}, {0.01, 0}, {0.01, 0.01}, {0, 0.01}, {0, 0}};
    const Ring hole = {{0.004, 0.004}, {0.004, 0.006}, {0.006, 0.006}, {0.006, 0.004}, {0.004, 0.004}};
    const double whole = geodesic_area_m2({outer});
    EXPECT_NEAR(geodesic_area_m2({outer, hole}) / (whole - geodesic_area_m2({hole})), 1.0, 1e-12);
    EXPECT_NEAR(whole / quadrangle_area_m2(0, 0.01, 0.01), 1.0, 1e-4);
}

TEST(ImageryThreshold, OtsuAndMixtureSplitTwoModes) {
    std::mt19937 rng(7);
    std::normal_distribution<float> low(1, 0.3F);
    std::normal_distribution<float> high(6, 0.8F);
    std::vector<float> score;
    score.reserve(10001);
    for (int i = 0; i < 9000; ++i) score.push_back(low(rng));
    for (int i = 0; i < 1000; ++i) score.push_back(high(rng));
    score.push_back(std::numeric_limits<float>::quiet_NaN());
    for (const double t : {otsu_threshold(score), mixture_threshold(score)}) {
        EXPECT_GT(t, 2.0);
        EXPECT_LT(t, 4.5);
    }
}

// Regression (fuzz/imagery_raster_fuzz.cpp): scores far beyond the histogram's quantile range,
// and scores so large that the range rounds to nothing, put a bin position out of int's
// range (undefined behaviour, caught by UBSan in the sanitizer build).
TEST(ImageryThreshold, OutliersFarBeyondTheQuantilesStayInTheEndBins) {
    std::vector<float> score(2000, 1.0F);
    for (std::size_t i = 0; i < 1000; ++i) score[i] = 2.0F + static_cast<float>(i % 7);
    score.push_back(6.5e12F);
    score.push_back(-6.5e12F);
    for (const double t : {otsu_threshold(score), mixture_threshold(score)}) EXPECT_TRUE(std::isfinite(t));
    const std::vector<float> huge{3e38F, 3e38F, 3e38F, 3.0000001e38F, -3e38F};
    for (const double t : {otsu_threshold(huge), mixture_threshold(huge)}) EXPECT_FALSE(std::isnan(t));
}

TEST(ImageryClean, MinimumAreaAndOpeningRemoveSpecks) {
    constexpr int W = 20;
    std::vector<std::uint8_t> mask(std::size_t{W} * W, 0);
    mask[5 * W + 5] = 1;  // a lone pixel
    for (int y = 10; y < 16; ++y)
        for (int x = 10; x < 16; ++x) mask[pixel_index(x, y, W)] = 1;
    clean_mask(mask, W, W, 1, 4);
    EXPECT_EQ(mask[5 * W + 5], 0);
    EXPECT_EQ(std::count(mask.begin(), mask.end(), 1), 36);
}

// One labelling for the clean-up and the polygons: diagonal neighbours join, ids follow the
// first pixel in row-major order, and each region's pixels are visited together.
TEST(ImageryComponents, EightConnectedRegionsInRowMajorOrder) {
    constexpr int W = 6;
    constexpr int H = 4;
    // clang-format off
    const std::vector<std::uint8_t> mask{
        1, 0, 0, 0, 1, 1,
        0, 1, 0, 0, 0, 0,
        0, 0, 1, 0, 0, 1,
        1, 0, 0, 0, 0, 1};
    // clang-format on
    std::vector<std::int32_t> order;
    const auto c = label_components(mask, W, H, [&](std::size_t i, std::int32_t id) {
        EXPECT_EQ(mask[i], 1);
        order.push_back(id);
    });
    ASSERT_EQ(c.count(), 4U);
    EXPECT_EQ(c.pixels, (std::vector<std::size_t>{0, 3, 2, 2, 1}));
    EXPECT_EQ(c.labels[pixel_index(2, 2, W)], 1);  // the diagonal joins (0,0), (1,1), (2,2)
    EXPECT_EQ(c.labels[pixel_index(5, 0, W)], 2);
    EXPECT_EQ(c.labels[pixel_index(5, 3, W)], 3);
    EXPECT_EQ(c.labels[pixel_index(0, 3, W)], 4);
    EXPECT_EQ(c.labels[pixel_index(3, 0, W)], 0);
    EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
    EXPECT_EQ(order.size(), 8U);
    EXPECT_EQ(label_components(std::vector<std::uint8_t>(12, 0), 4, 3).count(), 0U);
}

TEST(ImageryCoregister, PhaseCorrelationFindsASubPixelShift) {
    Image before = scene(128, 128, 3, 1);
    Image after = shift_image(before, 2.4, -1.3);
    add_noise(before, 21, 0.5F);
    add_noise(after, 22, 0.5F);
    const Shift shift = measure_shift(before, after);
    EXPECT_NEAR(shift.dx_px, 2.4, 0.25);
    EXPECT_NEAR(shift.dy_px, -1.3, 0.25);
    EXPECT_GT(shift.peak, 0.2);
}

// Every method finds a bright square added to a noisy textured scene. reckon's box scales (up
// to 8 px) widen a 24 px square's edges, so it is held to less here than on real data.
TEST(ImageryChange, EveryMethodFindsAnInsertedSquare) {
    Pair pair;
    pair.before = scene(96, 96, 4, 3);
    pair.after = pair.before;
    add_noise(pair.before, 11, 1.0F);
    add_noise(pair.after, 12, 1.0F);
    std::vector<std::uint8_t> truth(pair.after.valid.size(), 0);
    for (int y = 30; y < 54; ++y)
        for (int x = 40; x < 64; ++x) {
            const auto i = pixel_index(x, y, 96);
            truth[i] = 1;
            for (std::size_t b = 0; b < 4; ++b)
                pair.after.bands[b][i] += 40.0F + 10.0F * static_cast<float>(b);
        }
    for (const auto method : {Method::cva, Method::irmad, Method::pca_kmeans, Method::reckon}) {
        SCOPED_TRACE(method_name(method));
        ChangeOptions options;
        options.method = method;
        const auto map = detect_change(pair, options);
        std::size_t tp = 0;
        std::size_t fp = 0;
        std::size_t fn = 0;
        for (std::size_t i = 0; i < truth.size(); ++i) {
            tp += map.mask[i] && truth[i], fp += map.mask[i] && !truth[i], fn += !map.mask[i] && truth[i];
        }
        EXPECT_GT(2.0 * static_cast<double>(tp) / static_cast<double>(2 * tp + fp + fn),
                  method == Method::reckon ? 0.5 : 0.8);
    }
}

TEST(ImageryChange, NanRegionsAreInvalidNotChange) {
    Pair pair;
    pair.before = scene(64, 64, 3, 5);
    pair.after = pair.before;
    add_noise(pair.after, 9, 1.0F);
    for (int y = 0; y < 20; ++y)
        for (int x = 0; x < 64; ++x) {
            const auto i = pixel_index(x, y, 64);
            pair.after.bands[0][i] = std::numeric_limits<float>::quiet_NaN();
            pair.after.valid[i] = 0;
        }
    const auto map = detect_change(pair, {});
    for (std::size_t i = 0; i < std::size_t{20} * 64; ++i) EXPECT_EQ(map.mask[i], 0);
    EXPECT_TRUE(std::isfinite(map.threshold));
}

TEST(ImageryMethod, NamesRoundTrip) {
    for (const auto m : {Method::cva, Method::irmad, Method::pca_kmeans, Method::reckon})
        EXPECT_EQ(parse_method(method_name(m)), m);
    EXPECT_FALSE(parse_method("mad"));
    EXPECT_EQ(parse_threshold("mixture"), ThresholdRule::mixture);
    EXPECT_FALSE(parse_threshold("kapur"));
}

TEST(ImageryErrors, TruncatedTiffNamesTheFile) {
    const auto dir = temp_dir("truncated");
    const auto path = dir + "/cut.tif";
    write_tiff(path, 300, 300, 1, true);
    fs::resize_file(path, fs::file_size(path) / 3);
    const auto message = error_of([&] { read_image(path); });
    EXPECT_NE(message.find("cut.tif"), std::string::npos) << message;
    fs::remove_all(dir);
}

TEST(ImageryErrors, MismatchedSizesWithoutGeoreference) {
    const auto dir = temp_dir("sizes");
    write_tiff(dir + "/a.tif", 30, 30, 1, false);
    write_tiff(dir + "/b.tif", 31, 30, 1, false);
    const auto message = error_of([&] { read_pair(dir + "/a.tif", dir + "/b.tif"); });
    EXPECT_NE(message.find("cannot be aligned"), std::string::npos) << message;
    fs::remove_all(dir);
}

TEST(ImageryErrors, OnePixelImage) {
    const auto dir = temp_dir("one");
    write_tiff(dir + "/a.tif", 1, 1, 1, false);
    const auto message = error_of([&] { read_pair(dir + "/a.tif", dir + "/a.tif"); });
    EXPECT_NE(message.find("too small"), std::string::npos) << message;
    fs::remove_all(dir);
}

TEST(ImageryErrors, NoOverlap) {
    const auto dir = temp_dir("overlap");
    write_tiff(dir + "/a.tif", 30, 30, 1, true);
    GDALAllRegister();
    write_tiff(dir + "/b.tif", 30, 30, 1, true);
    GDALDatasetH ds = GDALOpen((dir + "/b.tif").c_str(), GA_Update);
    std::array<double, 6> transform{20.0, 0.001, 0, 50.0, 0, -0.001};
    GDALSetGeoTransform(ds, transform.data());
    GDALClose(ds);
    const auto message = error_of([&] { read_pair(dir + "/a.tif", dir + "/b.tif"); });
    EXPECT_NE(message.find("does not overlap"), std::string::npos) << message;
    fs::remove_all(dir);
}

TEST(ImageryErrors, MissingBandListsTheOthers) {
    const auto dir = temp_dir("bands");
    write_tiff(dir + "/a.tif", 30, 30, 2, false);
    ReadOptions options;
    options.bands = {"B11"};
    const auto message = error_of([&] { read_image(dir + "/a.tif", options); });
    EXPECT_NE(message.find("no band B11"), std::string::npos) << message;
    fs::remove_all(dir);
}

TEST(ImageryAoi, OutsideTheImageIsAnError) {
    const auto dir = temp_dir("aoi");
    write_tiff(dir + "/a.tif", 40, 40, 2, true);
    const auto pair = read_pair(dir + "/a.tif", dir + "/a.tif");
    const auto far = parse_aoi(
        R"({"type":"Polygon","coordinates":[[[100,10],[100.1,10],[100.1,10.1],[100,10]]]})", "far.geojson");
    EXPECT_NE(error_of([&] { clip_to_aoi(pair, far, "far.geojson"); }).find("outside the images"),
              std::string::npos);
    const auto near = parse_aoi(
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":
            {"type":"Polygon","coordinates":[[[10.005,49.995],[10.015,49.995],[10.015,49.985],[10.005,49.985],[10.005,49.995]]]}}]})",
        "near.geojson");
    const auto clipped = clip_to_aoi(pair, near, "near.geojson");
    EXPECT_EQ(clipped.before.grid.width, 10);
    EXPECT_EQ(clipped.before.valid_count(), 100U);
    fs::remove_all(dir);
}

TEST(ImageryAoi, BadGeoJsonSaysWhere) {
    EXPECT_NE(error_of([] { parse_aoi("{\"type\": \"Polygon\", ", "x.geojson"); }).find("byte"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_aoi(R"({"type":"Point","coordinates":[1,2]})", "x.geojson");
              }).find("not an area"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_aoi(R"({"type":"Polygon","coordinates":[[[1,2],[500,2],[1,3],[1,2]]]})", "x.geojson");
              }).find("outside longitude"),
              std::string::npos);
}

// The default method on the shared data's tuning part, a little below what it reached when
// it was chosen (OSCD abudhabi + beihai pooled F1 0.374, Taizhou upper half OA 0.978).
TEST(ImageryData, DefaultMethodOnSharedPairs) {
    const std::string data = std::string(RECKON_SHARED_DIR) + "/data/change";
    if (!fs::exists(data + "/oscd")) GTEST_SKIP() << "no shared change data at " << data;
    Confusion total;
    for (const std::string city : {"abudhabi", "beihai"}) {
        std::string folder = data;
        folder.append("/oscd/").append(city);
        const auto pair = read_pair(folder + "/imgs_1", folder + "/imgs_2");
        std::string labels = folder;
        labels.append("/cm/").append(city).append("-cm.tif");
        const auto c = score_change(detect_change(pair, {}), labels, {}, 2);
        total.tp += c.tp, total.fp += c.fp, total.fn += c.fn, total.tn += c.tn;
    }
    EXPECT_GT(total.f1(), 0.35);
    const auto pair = read_pair(data + "/taizhou/2000TM", data + "/taizhou/2003TM");
    const auto c =
        score_change(detect_change(pair, {}), data + "/taizhou/change.bmp", data + "/taizhou/unchanged.bmp");
    EXPECT_GT(c.overall_accuracy(), 0.95);
}

// --- Bad input (issue 15's acceptance): files written at run time by raster_fixtures.hpp. ------

namespace {

using reckon::test::RasterSpec;
using reckon::test::write_raster;

// Web Mercator (EPSG:3857) coordinates of a longitude/latitude on the sphere of radius a.
std::array<double, 2> mercator(double lon, double lat) {
    return {WGS84_A * lon * M_PI / 180, WGS84_A * std::log(std::tan(M_PI / 4 + lat * M_PI / 360))};
}

}  // namespace

TEST(ImageryBadInput, NodataAndNanAreInvalidAndNeverReachTheOutputs) {
    const auto dir = temp_dir("nodata");
    RasterSpec before;
    before.nodata_rows = 10;  // band 1 holds -9999 there, declared nodata
    RasterSpec after = before;
    after.nodata_rows = 0;
    after.nan_cols = 8;
    after.change_size = 16;
    write_raster(dir + "/a.tif", before);
    write_raster(dir + "/b.tif", after);
    const auto a = read_image(dir + "/a.tif");
    EXPECT_EQ(a.valid_count(), std::size_t{64} * 54);
    const auto pair = read_pair(dir + "/a.tif", dir + "/b.tif");
    for (const auto method : {Method::cva, Method::irmad, Method::pca_kmeans, Method::reckon}) {
        SCOPED_TRACE(method_name(method));
        ChangeOptions options;
        options.method = method;
        const auto map = detect_change(pair, options);
        EXPECT_TRUE(std::isfinite(map.threshold));
        for (int y = 0; y < 64; ++y) {
            for (int x = 0; x < 64; ++x) {
                if (y < 10 || x < 8) {
                    EXPECT_EQ(map.mask[pixel_index(x, y, 64)], 0);
                }
            }
        }
        const auto polygons = polygonise(map, pair);
        for (const auto& p : polygons) {
            EXPECT_TRUE(std::isfinite(p.area_m2) && std::isfinite(p.confidence) &&
                        std::isfinite(p.mean_score));
            for (const auto& ring : p.rings)
                for (const auto& q : ring) EXPECT_TRUE(std::isfinite(q[0]) && std::isfinite(q[1]));
        }
        EXPECT_EQ(to_geojson(polygons).find("nan"), std::string::npos);
    }
    fs::remove_all(dir);
}

TEST(ImageryBadInput, AllNodataImageSaysSo) {
    const auto dir = temp_dir("allnodata");
    RasterSpec spec;
    spec.nodata_rows = 64;
    spec.bands = 1;
    write_raster(dir + "/empty.tif", spec);
    const auto message = error_of([&] { read_image(dir + "/empty.tif"); });
    EXPECT_NE(message.find("empty.tif"), std::string::npos) << message;
    EXPECT_NE(message.find("no valid pixel"), std::string::npos) << message;
    fs::remove_all(dir);
}

TEST(ImageryBadInput, FolderWithAMissingBandComparesTheCommonBandsAndSaysWhich) {
    const auto dir = temp_dir("folder");
    fs::create_directories(dir + "/t1"), fs::create_directories(dir + "/t2");
    unsigned seed = 1;
    for (const std::string band : {"B02", "B03", "B04"}) {
        RasterSpec spec;
        spec.bands = 1;
        spec.seed = seed++;
        const std::string name = "site_" + band + ".tif";
        write_raster((fs::path(dir) / "t1" / name).string(), spec);
        if (band != "B04") write_raster((fs::path(dir) / "t2" / name).string(), spec);
    }
    const auto pair = read_pair(dir + "/t1", dir + "/t2");
    EXPECT_EQ(pair.before.band_names, (std::vector<std::string>{"B02", "B03"}));
    ASSERT_EQ(pair.dropped_bands.size(), 1U);
    EXPECT_NE(pair.dropped_bands[0].find("B04 (only in " + dir + "/t1)"), std::string::npos);
    // Asked for by name, the missing band is an error naming the folder that lacks it.
    PairOptions options;
    options.read.bands = {"B04"};
    const auto message = error_of([&] { read_pair(dir + "/t1", dir + "/t2", options); });
    EXPECT_NE(message.find("t2: has no band B04"), std::string::npos) << message;
    // A band file that is not a raster at all is named.
    std::ofstream(dir + "/t2/site_B04.tif") << "not a tiff";
    const auto broken = error_of([&] { read_pair(dir + "/t1", dir + "/t2"); });
    EXPECT_NE(broken.find("site_B04.tif"), std::string::npos) << broken;
    fs::remove_all(dir);
}

TEST(ImageryBadInput, DifferentCrsIsWarpedAndNoCrsIsRefused) {
    const auto dir = temp_dir("crs");
    RasterSpec before;
    write_raster(dir + "/wgs84.tif", before);
    RasterSpec after = before;
    after.epsg = 3857;
    const auto corner = mercator(before.x0, before.y0);
    after.x0 = corner[0], after.y0 = corner[1], after.pixel = 10.0;
    write_raster(dir + "/mercator.tif", after);
    const auto pair = read_pair(dir + "/wgs84.tif", dir + "/mercator.tif");
    EXPECT_TRUE(pair.warped);
    EXPECT_EQ(pair.after.grid.width, 64);
    EXPECT_GT(pair.after.valid_count(), 1000U);
    // A geotransform without a CRS on another grid: nothing to warp by.
    RasterSpec bare = after;
    bare.epsg = 0;
    write_raster(dir + "/bare.tif", bare);
    const auto message = error_of([&] { read_pair(dir + "/wgs84.tif", dir + "/bare.tif"); });
    EXPECT_NE(message.find("bare.tif: has no coordinate reference system"), std::string::npos) << message;
    fs::remove_all(dir);
}

TEST(ImageryBadInput, TooFewValidPixelsAndConstantImages) {
    for (const auto method : {Method::cva, Method::irmad, Method::pca_kmeans, Method::reckon}) {
        SCOPED_TRACE(method_name(method));
        ChangeOptions options;
        options.method = method;
        Pair tiny;
        tiny.before = scene(3, 3, 2, 1);
        tiny.after = scene(3, 3, 2, 2);
        EXPECT_NE(error_of([&] { detect_change(tiny, options); }).find("too few to compare"),
                  std::string::npos);
        Pair flat;
        flat.before = blank(32, 32, 3);
        flat.after = blank(32, 32, 3);
        const auto map = detect_change(flat, options);  // constant: no change, and no NaN
        EXPECT_TRUE(std::isfinite(map.threshold));
        EXPECT_EQ(map.changed_px(), 0U);
    }
}

TEST(ImageryBadInput, AnAoiOfOnePixelIsRefusedNotComputed) {
    const auto dir = temp_dir("aoi1");
    write_tiff(dir + "/a.tif", 40, 40, 2, true);
    const auto pair = read_pair(dir + "/a.tif", dir + "/a.tif");
    const auto one = parse_aoi(
        R"({"type":"Polygon","coordinates":[[[10.0101,49.9899],[10.0109,49.9899],[10.0109,49.9891],[10.0101,49.9891],[10.0101,49.9899]]]})",
        "one.geojson");
    const auto clipped = clip_to_aoi(pair, one, "one.geojson");
    EXPECT_EQ(clipped.before.valid_count(), 1U);
    EXPECT_NE(error_of([&] { detect_change(clipped, {}); }).find("1 pixel(s) valid"), std::string::npos);
    fs::remove_all(dir);
}

TEST(ImageryBadInput, AHugeClaimedSizeIsRefusedBeforeAllocating) {
    const auto dir = temp_dir("huge");
    write_tiff(dir + "/a.tif", 200, 100, 3, true);
    ReadOptions options;
    options.max_bytes = 100000;  // 200 x 100 x 3 floats = 240 kB
    const auto message = error_of([&] { read_image(dir + "/a.tif", options); });
    EXPECT_NE(message.find("is 200 x 100 pixels x 3 bands"), std::string::npos) << message;
    EXPECT_NE(message.find("a.tif"), std::string::npos) << message;
    fs::remove_all(dir);
}

TEST(ImageryBadInput, VirtualFilesAndADegenerateGeotransform) {
    RasterSpec spec;
    spec.pixel = 0;  // dx = dy = 0: maps every pixel onto one point
    write_raster("/vsimem/reckon_test/flat.tif", spec);
    const auto image = read_image("/vsimem/reckon_test/flat.tif");
    EXPECT_FALSE(image.grid.georeferenced);
    EXPECT_EQ(image.grid.width, 64);
    // A corner at 1e300 degrees: GDAL would wrap its longitude forever; not georeferenced here.
    spec.pixel = 1e-4, spec.x0 = 1e300;
    write_raster("/vsimem/reckon_test/far.tif", spec);
    EXPECT_FALSE(read_image("/vsimem/reckon_test/far.tif").grid.georeferenced);
    VSIUnlink("/vsimem/reckon_test/far.tif");
    const auto missing = error_of([] { read_image("/vsimem/reckon_test/none.tif"); });
    EXPECT_NE(missing.find("no such file or folder"), std::string::npos) << missing;
    VSIUnlink("/vsimem/reckon_test/flat.tif");
}

// Found by fuzz_imagery_raster: a band name twice in one image (two files of a folder ending in
// _B04) paired the same band of the other image twice, the second time moved-from and empty.
// Now the k-th band of a name pairs with the k-th of that name, each used once.
TEST(ImageryBadInput, RepeatedBandNamesPairEachBandOnce) {
    const auto dir = temp_dir("repeated");
    fs::create_directories(dir + "/t1"), fs::create_directories(dir + "/t2");
    RasterSpec spec;
    spec.bands = 1;
    for (const char* name : {"/t1/a_B04.tif", "/t1/b_B04.tif", "/t2/c_B04.tif", "/t2/d_B03.tif"})
        write_raster(dir + name, spec);
    const auto pair = read_pair(dir + "/t1", dir + "/t2");
    ASSERT_EQ(pair.before.band_names, std::vector<std::string>{"B04"});
    ASSERT_EQ(pair.after.band_names, std::vector<std::string>{"B04"});
    EXPECT_EQ(pair.before.bands[0].size(), pair.before.grid.pixels());
    EXPECT_EQ(pair.after.bands[0].size(), pair.after.grid.pixels());
    EXPECT_EQ(pair.dropped_bands.size(), 2U);
    fs::remove_all(dir);
}
