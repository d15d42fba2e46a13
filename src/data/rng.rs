//! A small deterministic random number generator for the demo data generator.
//!
//! xoshiro256** seeded through SplitMix64, with transcendental functions from `libm` (pure Rust),
//! so the same seed gives the same bytes on every platform and every build.

/// xoshiro256** (Blackman & Vigna), public domain reference algorithm.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn seed_from(seed: u64) -> Self {
        let mut sm = seed;
        let mut next = || {
            sm = sm.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = sm;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Self {
            s: [next(), next(), next(), next()],
        }
    }

    /// A seed derived from a label (FNV-1a), so each symbol has its own stream.
    pub fn seed_from_label(base: u64, label: &str) -> Self {
        let mut h: u64 = 0xCBF2_9CE4_8422_2325 ^ base;
        for b in label.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
        Self::seed_from(h)
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in (0, 1): never exactly 0, so it is safe under a logarithm.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard normal (Box-Muller, one value per call).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform();
        let u2 = self.uniform();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * std::f64::consts::PI * u2)
    }

    /// Student-t with 5 degrees of freedom, scaled to unit variance and clamped at +-7: fat
    /// tails for daily returns (excess kurtosis 6, like equity returns) without absurd days.
    pub fn student_t5(&mut self) -> f64 {
        let z = self.normal();
        let chi2: f64 = (0..5).map(|_| self.normal().powi(2)).sum();
        // Var(t_5) = 5 / (5 - 2).
        let t = z / libm::sqrt(chi2 / 5.0) / libm::sqrt(5.0 / 3.0);
        t.clamp(-7.0, 7.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deterministic_and_distinct() {
        let a: Vec<u64> = {
            let mut r = Rng::seed_from_label(7, "MARA");
            (0..4).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::seed_from_label(7, "MARA");
            (0..4).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::seed_from_label(7, "RIOT");
            (0..4).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn student_t_has_unit_variance_and_fat_tails() {
        let mut r = Rng::seed_from(1);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.student_t5()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((var - 1.0).abs() < 0.1, "variance {var}");
        // A normal has 0.006% beyond 4 sigma; t(5) scaled to unit variance has far more.
        let beyond = xs.iter().filter(|x| x.abs() > 4.0).count() as f64 / n as f64;
        assert!(beyond > 0.001, "tail share {beyond}");
    }
}
