//! Dated prices per GPU-hour by tier and survey (SemiAnalysis InferenceX, `data/prices.csv`),
//! embedded at build time by `build.rs`, with each platform's measured all-in kW.

/// How the GPU-hour is paid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tier {
    OwnHyperscaler,
    OwnNeocloud,
    Rent3yr,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::OwnHyperscaler, Tier::OwnNeocloud, Tier::Rent3yr];

    pub fn id(self) -> &'static str {
        match self {
            Tier::OwnHyperscaler => "own-hyperscaler",
            Tier::OwnNeocloud => "own-neocloud",
            Tier::Rent3yr => "rent-3yr",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tier::OwnHyperscaler => "Owning, at hyperscaler volume",
            Tier::OwnNeocloud => "Owning, as a large neocloud",
            Tier::Rent3yr => "Renting, 3-year commitment",
        }
    }

    pub fn from_id(id: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.id() == id)
    }
}

/// The pricing survey a price comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Survey {
    Aug2025,
    Jul2026,
}

impl Survey {
    /// Oldest first.
    pub const ALL: [Survey; 2] = [Survey::Aug2025, Survey::Jul2026];

    /// `2025-08`, `2026-07`.
    pub fn id(self) -> &'static str {
        match self {
            Survey::Aug2025 => "2025-08",
            Survey::Jul2026 => "2026-07",
        }
    }

    /// "August 2025".
    pub fn label(self) -> &'static str {
        match self {
            Survey::Aug2025 => "August 2025",
            Survey::Jul2026 => "July 2026",
        }
    }

    /// The survey's full name, as the source cites it.
    pub fn name(self) -> &'static str {
        match self {
            Survey::Aug2025 => {
                "SemiAnalysis Market August 2025 Pricing Surveys & AI Cloud TCO Model"
            }
            Survey::Jul2026 => "SemiAnalysis Market July 2026 Pricing Surveys & AI Cloud TCO Model",
        }
    }

    pub fn from_id(id: &str) -> Option<Survey> {
        Survey::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// The price of one platform in one tier and survey.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Price {
    pub platform: &'static str,
    pub tier: Tier,
    pub survey: Survey,
    /// US$ per GPU per hour (GB200/GB300: per GPU of the NVL72 rack).
    pub usd_per_gpu_hour: f64,
    /// All-in kW per GPU: the chip plus its share of host and network.
    pub all_in_kw: f64,
    /// What the source says about the value, when it says anything.
    pub note: Option<&'static str>,
}

impl Price {
    /// The source marks the value as a stand-in until official pricing exists
    /// (B300 and GB300 in the August 2025 survey).
    pub fn is_placeholder(&self) -> bool {
        self.note.is_some_and(|n| n.starts_with("placeholder"))
    }
}

include!(concat!(env!("OUT_DIR"), "/prices_data.rs"));

/// Every price, in the CSV's order.
pub fn prices() -> &'static [Price] {
    &PRICES
}

pub fn price(platform: &str, tier: Tier, survey: Survey) -> Option<&'static Price> {
    PRICES
        .iter()
        .find(|p| p.platform == platform && p.tier == tier && p.survey == survey)
}

/// The link value of a tier in a survey: `own-hyperscaler-2025-08`.
pub fn tier_survey_id(tier: Tier, survey: Survey) -> String {
    format!("{}-{}", tier.id(), survey.id())
}

/// Reads `<tier>-<survey>` (`rent-3yr-2026-07`); `None` for anything else.
pub fn parse_tier_survey(text: &str) -> Option<(Tier, Survey)> {
    Tier::ALL.into_iter().find_map(|tier| {
        let rest = text.strip_prefix(tier.id())?.strip_prefix('-')?;
        Some((tier, Survey::from_id(rest)?))
    })
}
