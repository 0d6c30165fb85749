#include "engine/data/synthetic.h"

#include <gtest/gtest.h>

#include <cmath>

namespace optiscope {
namespace synthetic_test {

TEST(SyntheticTest, EveryKindShapesAndDeterminism) {
  for (const SyntheticKind kind : EnumValues<SyntheticKind>()) {
    SyntheticOptions o;
    o.kind = kind;
    o.n = 101;
    o.seed = 4;
    Result<Dataset> a = MakeSynthetic(o);
    Result<Dataset> b = MakeSynthetic(o);
    ASSERT_TRUE(a.ok()) << EnumName(kind) << ": " << a.status().message();
    EXPECT_EQ(a->NumRows(), 101) << EnumName(kind);
    EXPECT_EQ(a->X, b->X) << EnumName(kind);
    EXPECT_EQ(a->y, b->y) << EnumName(kind);
    EXPECT_TRUE(a->X.allFinite());
    o.seed = 5;
    EXPECT_NE(MakeSynthetic(o)->X, a->X) << EnumName(kind);
  }
}

TEST(SyntheticTest, ClassCountsAndTasks) {
  SyntheticOptions o;
  o.kind = SyntheticKind::kBlobs;
  o.n = 300;
  o.classes = 4;
  o.features = 5;
  Result<Dataset> blobs = MakeSynthetic(o);
  ASSERT_TRUE(blobs.ok());
  EXPECT_EQ(blobs->NumFeatures(), 5);
  EXPECT_EQ(blobs->NumClasses(), 4);
  std::vector<int> counts(4, 0);
  for (int i = 0; i < blobs->NumRows(); ++i) ++counts[static_cast<int>(blobs->y(i))];
  EXPECT_EQ(counts, (std::vector<int>{75, 75, 75, 75}));
  o.kind = SyntheticKind::kSpirals;
  o.classes = 3;
  Result<Dataset> spirals = MakeSynthetic(o);
  EXPECT_EQ(spirals->NumFeatures(), 2);
  EXPECT_EQ(spirals->NumClasses(), 3);
  o.kind = SyntheticKind::kLinear;
  o.features = 3;
  Result<Dataset> lin = MakeSynthetic(o);
  EXPECT_EQ(lin->task, TaskKind::kRegression);
  EXPECT_EQ(lin->NumFeatures(), 3);
  o.kind = SyntheticKind::kMoons;
  EXPECT_EQ(MakeSynthetic(o)->class_names, (std::vector<std::string>{"0", "1"}));
}

TEST(SyntheticTest, GeometryWithoutNoise) {
  SyntheticOptions o;
  o.kind = SyntheticKind::kCircles;
  o.noise = 0.0;
  o.n = 200;
  Result<Dataset> c = MakeSynthetic(o);
  for (int i = 0; i < c->NumRows(); ++i) {
    const double r = std::hypot(c->X(i, 0), c->X(i, 1));
    EXPECT_NEAR(r, c->y(i) == 0 ? 1.0 : 0.5, 1e-5);
  }
  o.kind = SyntheticKind::kXor;
  Result<Dataset> x = MakeSynthetic(o);
  for (int i = 0; i < x->NumRows(); ++i) {
    EXPECT_EQ(x->y(i), (x->X(i, 0) > 0) != (x->X(i, 1) > 0) ? 1.0f : 0.0f);
  }
  o.kind = SyntheticKind::kMoons;
  Result<Dataset> m = MakeSynthetic(o);
  for (int i = 0; i < m->NumRows(); ++i) {
    const double cx = m->y(i) == 0 ? 0.0 : 1.0, cy = m->y(i) == 0 ? 0.0 : 0.5;
    EXPECT_NEAR(std::hypot(m->X(i, 0) - cx, m->X(i, 1) - cy), 1.0, 1e-5);
  }
}

TEST(SyntheticTest, InvalidOptions) {
  SyntheticOptions o;
  o.kind = static_cast<SyntheticKind>(99);
  EXPECT_EQ(MakeSynthetic(o).status().code(), StatusCode::kInvalidArgument);
  o.kind = SyntheticKind::kMoons;
  o.n = 0;
  EXPECT_EQ(MakeSynthetic(o).status().code(), StatusCode::kInvalidArgument);
  o.n = 10;
  o.kind = SyntheticKind::kBlobs;
  o.classes = 1;
  EXPECT_EQ(MakeSynthetic(o).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace synthetic_test
}  // namespace optiscope
