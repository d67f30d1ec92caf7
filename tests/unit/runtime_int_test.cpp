// Checked arithmetic (Rust's panics), wrapping ops and `as` casts.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "asr/prelude.hpp"

using asr::i128;
using asr::u128;

namespace {

constexpr asr::Loc L{"int.asr", 3, 9};

// Runs f, expects a panic with exactly `msg`.
template <class F>
void expect_panic(F f, const char* msg) {
  try {
    f();
    ADD_FAILURE() << "no panic, expected: " << msg;
  } catch (const asr::Panic& p) {
    EXPECT_EQ(std::string(p.message().data(), p.message().len()), msg);
    EXPECT_EQ(p.loc().line, 3u);
    EXPECT_EQ(p.loc().col, 9u);
  }
}

constexpr const char* kAdd = "attempt to add with overflow";
constexpr const char* kSub = "attempt to subtract with overflow";
constexpr const char* kMul = "attempt to multiply with overflow";
constexpr const char* kDiv0 = "attempt to divide by zero";
constexpr const char* kRem0 = "attempt to calculate the remainder with a divisor of zero";
constexpr const char* kDivOv = "attempt to divide with overflow";
constexpr const char* kRemOv = "attempt to calculate the remainder with overflow";
constexpr const char* kNeg = "attempt to negate with overflow";
constexpr const char* kShl = "attempt to shift left with overflow";
constexpr const char* kShr = "attempt to shift right with overflow";

template <class T>
void check_signed() {
  constexpr T mn = asr::int_min<T>, mx = asr::int_max<T>;
  EXPECT_EQ(asr::add(T(mx - 1), T(1), L), mx);
  expect_panic([&] { asr::add(mx, T(1), L); }, kAdd);
  expect_panic([&] { asr::add(mn, T(-1), L); }, kAdd);
  EXPECT_EQ(asr::sub(T(mn + 1), T(1), L), mn);
  expect_panic([&] { asr::sub(mn, T(1), L); }, kSub);
  expect_panic([&] { asr::sub(T(0), mn, L); }, kSub);
  EXPECT_EQ(asr::mul(T(-1), mx, L), T(-mx));
  expect_panic([&] { asr::mul(mx, T(2), L); }, kMul);
  expect_panic([&] { asr::mul(mn, T(-1), L); }, kMul);
  EXPECT_EQ(asr::div(T(-7), T(2), L), T(-3));
  EXPECT_EQ(asr::rem(T(-7), T(2), L), T(-1));
  expect_panic([&] { asr::div(T(1), T(0), L); }, kDiv0);
  expect_panic([&] { asr::rem(T(1), T(0), L); }, kRem0);
  expect_panic([&] { asr::div(mn, T(-1), L); }, kDivOv);
  expect_panic([&] { asr::rem(mn, T(-1), L); }, kRemOv);
  EXPECT_EQ(asr::neg(mx, L), T(mn + 1));
  expect_panic([&] { asr::neg(mn, L); }, kNeg);
  constexpr int bits = asr::bits_of<T>;
  EXPECT_EQ(asr::shl(T(1), bits - 1, L), mn);
  EXPECT_EQ(asr::shr(mn, uint8_t(bits - 1), L), T(-1));
  expect_panic([&] { asr::shl(T(1), bits, L); }, kShl);
  expect_panic([&] { asr::shl(T(1), -1, L); }, kShl);
  expect_panic([&] { asr::shr(T(1), uint64_t(bits), L); }, kShr);
  expect_panic([&] { asr::shr(T(1), int64_t(-1), L); }, kShr);
  expect_panic([&] { asr::shr(T(1), u128(1) << 100, L); }, kShr);
  EXPECT_EQ(asr::wrapping_add(mx, T(1)), mn);
  EXPECT_EQ(asr::wrapping_sub(mn, T(1)), mx);
  EXPECT_EQ(asr::wrapping_mul(mx, T(2)), T(-2));
  EXPECT_EQ(asr::wrapping_neg(mn), mn);
  EXPECT_EQ(asr::wrapping_div(mn, T(-1), L), mn);
  EXPECT_EQ(asr::wrapping_rem(mn, T(-1), L), T(0));
  expect_panic([&] { asr::wrapping_div(T(1), T(0), L); }, kDiv0);
  EXPECT_EQ(asr::wrapping_shl(T(1), bits), T(1));
  EXPECT_EQ(asr::wrapping_shr(mn, bits + bits - 1), T(-1));
}

template <class T>
void check_unsigned() {
  constexpr T mx = asr::int_max<T>;
  EXPECT_EQ(asr::add(T(mx - 1), T(1), L), mx);
  expect_panic([&] { asr::add(mx, T(1), L); }, kAdd);
  expect_panic([&] { asr::sub(T(0), T(1), L); }, kSub);
  expect_panic([&] { asr::mul(mx, T(2), L); }, kMul);
  expect_panic([&] { asr::div(T(1), T(0), L); }, kDiv0);
  expect_panic([&] { asr::rem(T(1), T(0), L); }, kRem0);
  EXPECT_EQ(asr::div(mx, T(1), L), mx);
  EXPECT_EQ(asr::neg(T(0), L), T(0));
  expect_panic([&] { asr::neg(T(1), L); }, kNeg);
  constexpr int bits = asr::bits_of<T>;
  EXPECT_EQ(asr::shl(mx, bits - 1, L), T(T(1) << (bits - 1)));  // bits shifted out are lost
  expect_panic([&] { asr::shl(T(1), bits, L); }, kShl);
  expect_panic([&] { asr::shr(T(1), bits + 7, L); }, kShr);
  EXPECT_EQ(asr::wrapping_add(mx, T(1)), T(0));
  EXPECT_EQ(asr::wrapping_sub(T(0), T(1)), mx);
}

}  // namespace

TEST(RuntimeInt, SignedAllWidths) {
  check_signed<int8_t>();
  check_signed<int16_t>();
  check_signed<int32_t>();
  check_signed<int64_t>();
  check_signed<i128>();
}

TEST(RuntimeInt, UnsignedAllWidths) {
  check_unsigned<uint8_t>();
  check_unsigned<uint16_t>();
  check_unsigned<uint32_t>();
  check_unsigned<uint64_t>();
  check_unsigned<u128>();
}

TEST(RuntimeInt, Constexpr) {
  static_assert(asr::add(int32_t(2), 3, L) == 5);
  static_assert(asr::mul(uint8_t(15), 17, L) == 255);
  static_assert(asr::shl(int32_t(1), 31u, L) == INT32_MIN);
  static_assert(asr::cast<uint8_t>(int32_t(300)) == 44);
  static_assert(asr::cast<int32_t>(1e10) == INT32_MAX);
}

TEST(RuntimeInt, IntToIntCasts) {
  EXPECT_EQ(asr::cast<uint8_t>(int32_t(-1)), 255);
  EXPECT_EQ(asr::cast<int8_t>(uint8_t(200)), -56);
  EXPECT_EQ(asr::cast<uint32_t>(int8_t(-1)), 0xFFFFFFFFu);
  EXPECT_EQ(asr::cast<int64_t>(uint32_t(0xFFFFFFFFu)), 4294967295LL);
  EXPECT_EQ(asr::cast<u128>(int64_t(-1)), ~u128(0));
  EXPECT_EQ(asr::cast<int16_t>(asr::int_min<i128>), 0);
  EXPECT_EQ(asr::cast<uint64_t>(asr::int_max<u128>), UINT64_MAX);
  EXPECT_EQ(asr::cast<int32_t>(true), 1);
  EXPECT_EQ(asr::cast<uint8_t>(false), 0);
  EXPECT_EQ(asr::cast<uint32_t>(char32_t(0x1F600)), 0x1F600u);
  EXPECT_EQ(asr::cast<uint8_t>(char32_t(0x1F600)), 0x00);  // truncates
  EXPECT_EQ(asr::cast<char32_t>(uint8_t(0xE9)), char32_t(0xE9));
}

TEST(RuntimeInt, FloatToIntSaturates) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(asr::cast<int32_t>(nan), 0);
  EXPECT_EQ(asr::cast<uint64_t>(nan), 0u);
  EXPECT_EQ(asr::cast<int32_t>(inf), INT32_MAX);
  EXPECT_EQ(asr::cast<int32_t>(-inf), INT32_MIN);
  EXPECT_EQ(asr::cast<int32_t>(3.99), 3);
  EXPECT_EQ(asr::cast<int32_t>(-3.99), -3);
  EXPECT_EQ(asr::cast<uint8_t>(-1.0), 0);
  EXPECT_EQ(asr::cast<uint8_t>(-0.9), 0);
  EXPECT_EQ(asr::cast<uint8_t>(255.9), 255);
  EXPECT_EQ(asr::cast<uint8_t>(256.0), 255);
  EXPECT_EQ(asr::cast<int8_t>(-128.9), -128);
  EXPECT_EQ(asr::cast<int8_t>(-129.0), -128);
  EXPECT_EQ(asr::cast<int64_t>(9.3e18), INT64_MAX);
  EXPECT_EQ(asr::cast<int64_t>(-9.3e18), INT64_MIN);
  EXPECT_EQ(asr::cast<int64_t>(9223372036854775807.0), INT64_MAX);  // 2^63
  EXPECT_EQ(asr::cast<uint64_t>(1.8446744073709552e19), UINT64_MAX);
  EXPECT_EQ(asr::cast<i128>(1e40), asr::int_max<i128>);
  EXPECT_EQ(asr::cast<i128>(-1e40), asr::int_min<i128>);
  EXPECT_EQ(asr::cast<u128>(1e39), asr::int_max<u128>);
  EXPECT_EQ(asr::cast<u128>(float(inf)), asr::int_max<u128>);
  EXPECT_EQ(asr::cast<int32_t>(float(nan)), 0);
  EXPECT_EQ(asr::cast<uint16_t>(65535.5f), 65535);
}

TEST(RuntimeInt, IntToFloatAndFloatToFloat) {
  EXPECT_EQ(asr::cast<float>(int32_t(16777217)), 16777216.0f);  // nearest, ties to even
  EXPECT_EQ(asr::cast<double>(UINT64_MAX), 18446744073709551616.0);
  EXPECT_EQ(asr::cast<float>(asr::int_max<u128>), std::numeric_limits<float>::infinity());
  EXPECT_EQ(asr::cast<double>(asr::int_min<i128>), -1.7014118346046923e38);
  EXPECT_EQ(asr::cast<float>(0.1), 0.1f);
  EXPECT_EQ(asr::cast<float>(1e300), std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(asr::cast<float>(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_EQ(asr::cast<double>(1.5f), 1.5);
}

TEST(RuntimeInt, Unit) {
  asr::Unit a, b;
  EXPECT_TRUE(a == b);
  EXPECT_EQ(sizeof(asr::Unit), 1u);
}
