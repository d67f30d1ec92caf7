// Duration / Instant API with Rust's semantics.
#include <gtest/gtest.h>

#include "asr/prelude.hpp"

using asr::time::Duration;
using asr::time::Instant;

TEST(RuntimeTime, DurationConstructorsAndAccessors) {
  Duration d = Duration::from_millis(1500);
  EXPECT_EQ(d.as_secs(), 1u);
  EXPECT_EQ(d.subsec_millis(), 500u);
  EXPECT_EQ(d.subsec_micros(), 500000u);
  EXPECT_EQ(d.subsec_nanos(), 500000000u);
  EXPECT_TRUE(d.as_millis() == 1500);
  EXPECT_TRUE(d.as_micros() == 1500000);
  EXPECT_TRUE(d.as_nanos() == 1500000000);
  EXPECT_DOUBLE_EQ(d.as_secs_f64(), 1.5);
  EXPECT_EQ(Duration::from_micros(1000001), Duration::new_(1, 1000));
  EXPECT_EQ(Duration::from_nanos(UINT64_MAX).as_secs(), 18446744073u);
  EXPECT_EQ(Duration::new_(1, 2500000000u), Duration::new_(3, 500000000));
  EXPECT_TRUE(Duration::ZERO.is_zero());
  EXPECT_EQ(Duration::MAX.as_secs(), UINT64_MAX);
  EXPECT_EQ(Duration::MAX.subsec_nanos(), 999999999u);
  EXPECT_EQ(Duration::from_secs_f64(2.7), Duration::new_(2, 700000000));
  EXPECT_EQ(Duration::from_secs_f64(0.0), Duration::ZERO);
}

TEST(RuntimeTime, DurationArithmetic) {
  Duration a = Duration::new_(1, 600000000), b = Duration::new_(0, 700000000);
  EXPECT_EQ(a + b, Duration::new_(2, 300000000));
  EXPECT_EQ(a - b, Duration::new_(0, 900000000));
  EXPECT_EQ(a * 3, Duration::new_(4, 800000000));
  EXPECT_EQ(div(a, 4, asr::Loc{"d.asr", 1, 1}), Duration::new_(0, 400000000));
  EXPECT_EQ(div(Duration::new_(1, 0), 3, asr::Loc{"d.asr", 1, 1}), Duration::new_(0, 333333333));
  Duration r;
  EXPECT_FALSE(Duration::MAX.checked_add(Duration::from_nanos(1), &r));
  EXPECT_FALSE(Duration::ZERO.checked_sub(Duration::from_nanos(1), &r));
  EXPECT_FALSE(Duration::MAX.checked_mul(2, &r));
  EXPECT_FALSE(a.checked_div(0, &r));
  EXPECT_EQ(Duration::MAX.saturating_add(a), Duration::MAX);
  EXPECT_EQ(b.saturating_sub(a), Duration::ZERO);
  EXPECT_EQ(Duration::MAX.saturating_mul(7), Duration::MAX);
  EXPECT_TRUE(b < a && a > b && a >= a && b <= a);
  EXPECT_THROW((void)(Duration::MAX + Duration::from_nanos(1)), asr::Panic);
  EXPECT_THROW((void)(Duration::ZERO - Duration::from_nanos(1)), asr::Panic);
  EXPECT_THROW((void)(Duration::MAX * 2), asr::Panic);
  EXPECT_THROW((void)div(a, 0, asr::Loc{"d.asr", 1, 1}), asr::Panic);
  EXPECT_THROW((void)Duration::from_secs_f64(-1.0), asr::Panic);
  EXPECT_THROW((void)Duration::from_secs_f64(1e20), asr::Panic);
}

TEST(RuntimeTime, Instant) {
  Instant a = Instant::now();
  Instant b = a + Duration::from_millis(5);
  EXPECT_EQ(b.duration_since(a), Duration::from_millis(5));
  EXPECT_EQ(a.duration_since(b), Duration::ZERO);  // saturates like Rust
  EXPECT_EQ(b - a, Duration::from_millis(5));
  EXPECT_TRUE(a < b);
  EXPECT_EQ(b - Duration::from_millis(5), a);
  EXPECT_GE(Instant::now(), a);
  EXPECT_THROW((void)(a + Duration::MAX), asr::Panic);
}
