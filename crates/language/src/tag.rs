//! Penn Treebank part-of-speech tags, as the English Web Treebank uses them
//! in its XPOS column (plus `#`, which Penn has and EWT never uses).

use std::fmt;
use std::str::FromStr;

/// A Penn Treebank tag (the XPOS column of UD English EWT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Tag {
    /// `CC`: coordinating conjunction.
    CC,
    /// `CD`: cardinal number.
    CD,
    /// `DT`: determiner.
    DT,
    /// `EX`: existential there.
    EX,
    /// `FW`: foreign word.
    FW,
    /// `IN`: preposition or subordinating conjunction.
    IN,
    /// `JJ`: adjective.
    JJ,
    /// `JJR`: adjective, comparative.
    JJR,
    /// `JJS`: adjective, superlative.
    JJS,
    /// `LS`: list item marker.
    LS,
    /// `MD`: modal.
    MD,
    /// `NN`: noun, singular or mass.
    NN,
    /// `NNS`: noun, plural.
    NNS,
    /// `NNP`: proper noun, singular.
    NNP,
    /// `NNPS`: proper noun, plural.
    NNPS,
    /// `PDT`: predeterminer.
    PDT,
    /// `POS`: possessive ending.
    POS,
    /// `PRP`: personal pronoun.
    PRP,
    /// `PRP$`: possessive pronoun.
    PRPS,
    /// `RB`: adverb.
    RB,
    /// `RBR`: adverb, comparative.
    RBR,
    /// `RBS`: adverb, superlative.
    RBS,
    /// `RP`: particle.
    RP,
    /// `SYM`: symbol.
    SYM,
    /// `TO`: to.
    TO,
    /// `UH`: interjection.
    UH,
    /// `VB`: verb, base form.
    VB,
    /// `VBD`: verb, past tense.
    VBD,
    /// `VBG`: verb, gerund or present participle.
    VBG,
    /// `VBN`: verb, past participle.
    VBN,
    /// `VBP`: verb, non-3rd person singular present.
    VBP,
    /// `VBZ`: verb, 3rd person singular present.
    VBZ,
    /// `WDT`: wh-determiner.
    WDT,
    /// `WP`: wh-pronoun.
    WP,
    /// `WP$`: possessive wh-pronoun.
    WPS,
    /// `WRB`: wh-adverb.
    WRB,
    /// `ADD`: email address or URL.
    ADD,
    /// `AFX`: affix.
    AFX,
    /// `GW`: goes-with (part of a split word).
    GW,
    /// `HYPH`: hyphen.
    HYPH,
    /// `NFP`: superfluous punctuation.
    NFP,
    /// `XX`: unknown.
    XX,
    /// `,`: comma.
    Comma,
    /// `.`: sentence-final punctuation.
    Period,
    /// `:`: colon, semicolon, dash, ellipsis.
    Colon,
    /// `$`: currency symbol.
    Dollar,
    /// `#`: pound sign.
    Hash,
    /// ````: opening quotation mark.
    OpenQuote,
    /// `''`: closing quotation mark.
    CloseQuote,
    /// `-LRB-`: left bracket.
    Lrb,
    /// `-RRB-`: right bracket.
    Rrb,
}

/// The number of tags.
pub const TAG_COUNT: usize = 51;

impl Tag {
    /// Every tag, in the order of their `u8` values.
    pub const ALL: [Tag; TAG_COUNT] = [
        Tag::CC,
        Tag::CD,
        Tag::DT,
        Tag::EX,
        Tag::FW,
        Tag::IN,
        Tag::JJ,
        Tag::JJR,
        Tag::JJS,
        Tag::LS,
        Tag::MD,
        Tag::NN,
        Tag::NNS,
        Tag::NNP,
        Tag::NNPS,
        Tag::PDT,
        Tag::POS,
        Tag::PRP,
        Tag::PRPS,
        Tag::RB,
        Tag::RBR,
        Tag::RBS,
        Tag::RP,
        Tag::SYM,
        Tag::TO,
        Tag::UH,
        Tag::VB,
        Tag::VBD,
        Tag::VBG,
        Tag::VBN,
        Tag::VBP,
        Tag::VBZ,
        Tag::WDT,
        Tag::WP,
        Tag::WPS,
        Tag::WRB,
        Tag::ADD,
        Tag::AFX,
        Tag::GW,
        Tag::HYPH,
        Tag::NFP,
        Tag::XX,
        Tag::Comma,
        Tag::Period,
        Tag::Colon,
        Tag::Dollar,
        Tag::Hash,
        Tag::OpenQuote,
        Tag::CloseQuote,
        Tag::Lrb,
        Tag::Rrb,
    ];

    /// The tag as Penn Treebank spells it (`NN`, `PRP$`, `-LRB-`, `,`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Tag::CC => "CC",
            Tag::CD => "CD",
            Tag::DT => "DT",
            Tag::EX => "EX",
            Tag::FW => "FW",
            Tag::IN => "IN",
            Tag::JJ => "JJ",
            Tag::JJR => "JJR",
            Tag::JJS => "JJS",
            Tag::LS => "LS",
            Tag::MD => "MD",
            Tag::NN => "NN",
            Tag::NNS => "NNS",
            Tag::NNP => "NNP",
            Tag::NNPS => "NNPS",
            Tag::PDT => "PDT",
            Tag::POS => "POS",
            Tag::PRP => "PRP",
            Tag::PRPS => "PRP$",
            Tag::RB => "RB",
            Tag::RBR => "RBR",
            Tag::RBS => "RBS",
            Tag::RP => "RP",
            Tag::SYM => "SYM",
            Tag::TO => "TO",
            Tag::UH => "UH",
            Tag::VB => "VB",
            Tag::VBD => "VBD",
            Tag::VBG => "VBG",
            Tag::VBN => "VBN",
            Tag::VBP => "VBP",
            Tag::VBZ => "VBZ",
            Tag::WDT => "WDT",
            Tag::WP => "WP",
            Tag::WPS => "WP$",
            Tag::WRB => "WRB",
            Tag::ADD => "ADD",
            Tag::AFX => "AFX",
            Tag::GW => "GW",
            Tag::HYPH => "HYPH",
            Tag::NFP => "NFP",
            Tag::XX => "XX",
            Tag::Comma => ",",
            Tag::Period => ".",
            Tag::Colon => ":",
            Tag::Dollar => "$",
            Tag::Hash => "#",
            Tag::OpenQuote => "``",
            Tag::CloseQuote => "''",
            Tag::Lrb => "-LRB-",
            Tag::Rrb => "-RRB-",
        }
    }

    /// The tag's index (`0..TAG_COUNT`).
    #[inline]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The tag with this index, if any.
    #[inline]
    pub fn from_index(index: usize) -> Option<Tag> {
        Tag::ALL.get(index).copied()
    }

    /// Any noun: `NN`, `NNS`, `NNP`, `NNPS`.
    pub const fn is_noun(self) -> bool {
        matches!(self, Tag::NN | Tag::NNS | Tag::NNP | Tag::NNPS)
    }

    /// A plural noun: `NNS`, `NNPS`.
    pub const fn is_plural_noun(self) -> bool {
        matches!(self, Tag::NNS | Tag::NNPS)
    }

    /// A proper noun: `NNP`, `NNPS`.
    pub const fn is_proper_noun(self) -> bool {
        matches!(self, Tag::NNP | Tag::NNPS)
    }

    /// Any verb form: `VB`, `VBD`, `VBG`, `VBN`, `VBP`, `VBZ` (not `MD`).
    pub const fn is_verb(self) -> bool {
        matches!(
            self,
            Tag::VB | Tag::VBD | Tag::VBG | Tag::VBN | Tag::VBP | Tag::VBZ
        )
    }

    /// An adjective: `JJ`, `JJR`, `JJS`.
    pub const fn is_adjective(self) -> bool {
        matches!(self, Tag::JJ | Tag::JJR | Tag::JJS)
    }

    /// An adverb: `RB`, `RBR`, `RBS`, `WRB`.
    pub const fn is_adverb(self) -> bool {
        matches!(self, Tag::RB | Tag::RBR | Tag::RBS | Tag::WRB)
    }

    /// A determiner: `DT`, `PDT`, `WDT`.
    pub const fn is_determiner(self) -> bool {
        matches!(self, Tag::DT | Tag::PDT | Tag::WDT)
    }

    /// A pronoun: `PRP`, `PRP$`, `WP`, `WP$`.
    pub const fn is_pronoun(self) -> bool {
        matches!(self, Tag::PRP | Tag::PRPS | Tag::WP | Tag::WPS)
    }

    /// Punctuation: `,` `.` `:` ``` `` ``` `''` `-LRB-` `-RRB-` `HYPH` `NFP`.
    pub const fn is_punctuation(self) -> bool {
        matches!(
            self,
            Tag::Comma
                | Tag::Period
                | Tag::Colon
                | Tag::OpenQuote
                | Tag::CloseQuote
                | Tag::Lrb
                | Tag::Rrb
                | Tag::HYPH
                | Tag::NFP
        )
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not a Penn Treebank tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTag(pub String);

impl fmt::Display for UnknownTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a Penn Treebank tag: {:?}", self.0)
    }
}

impl std::error::Error for UnknownTag {}

impl FromStr for Tag {
    type Err = UnknownTag;

    fn from_str(s: &str) -> Result<Tag, UnknownTag> {
        Ok(match s {
            "CC" => Tag::CC,
            "CD" => Tag::CD,
            "DT" => Tag::DT,
            "EX" => Tag::EX,
            "FW" => Tag::FW,
            "IN" => Tag::IN,
            "JJ" => Tag::JJ,
            "JJR" => Tag::JJR,
            "JJS" => Tag::JJS,
            "LS" => Tag::LS,
            "MD" => Tag::MD,
            "NN" => Tag::NN,
            "NNS" => Tag::NNS,
            "NNP" => Tag::NNP,
            "NNPS" => Tag::NNPS,
            "PDT" => Tag::PDT,
            "POS" => Tag::POS,
            "PRP" => Tag::PRP,
            "PRP$" => Tag::PRPS,
            "RB" => Tag::RB,
            "RBR" => Tag::RBR,
            "RBS" => Tag::RBS,
            "RP" => Tag::RP,
            "SYM" => Tag::SYM,
            "TO" => Tag::TO,
            "UH" => Tag::UH,
            "VB" => Tag::VB,
            "VBD" => Tag::VBD,
            "VBG" => Tag::VBG,
            "VBN" => Tag::VBN,
            "VBP" => Tag::VBP,
            "VBZ" => Tag::VBZ,
            "WDT" => Tag::WDT,
            "WP" => Tag::WP,
            "WP$" => Tag::WPS,
            "WRB" => Tag::WRB,
            "ADD" => Tag::ADD,
            "AFX" => Tag::AFX,
            "GW" => Tag::GW,
            "HYPH" => Tag::HYPH,
            "NFP" => Tag::NFP,
            "XX" => Tag::XX,
            "," => Tag::Comma,
            "." => Tag::Period,
            ":" => Tag::Colon,
            "$" => Tag::Dollar,
            "#" => Tag::Hash,
            "``" => Tag::OpenQuote,
            "''" => Tag::CloseQuote,
            "-LRB-" => Tag::Lrb,
            "-RRB-" => Tag::Rrb,
            _ => return Err(UnknownTag(s.to_string())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_round_trips_through_its_name_and_index() {
        for (i, tag) in Tag::ALL.iter().enumerate() {
            assert_eq!(tag.index(), i);
            assert_eq!(Tag::from_index(i), Some(*tag));
            assert_eq!(tag.as_str().parse::<Tag>(), Ok(*tag));
        }
        assert!("nn".parse::<Tag>().is_err());
    }

    #[test]
    fn every_xpos_of_ewt_is_a_tag() {
        for name in [
            "NN", "IN", "DT", "NNP", "PRP", "JJ", ".", "RB", "VB", "NNS", ",", "CC", "VBP", "VBD",
            "VBZ", "CD", "VBN", "VBG", "MD", "TO", "PRP$", "-RRB-", "-LRB-", "WDT", ":", "WRB",
            "``", "WP", "''", "RP", "UH", "HYPH", "POS", "NNPS", "JJS", "JJR", "NFP", "ADD", "EX",
            "RBR", "GW", "$", "SYM", "PDT", "FW", "RBS", "LS", "AFX", "WP$", "XX",
        ] {
            assert!(name.parse::<Tag>().is_ok(), "{name}");
        }
    }

    #[test]
    fn predicates() {
        assert!(Tag::NNS.is_noun() && Tag::NNS.is_plural_noun());
        assert!(!Tag::NN.is_plural_noun());
        assert!(Tag::VBZ.is_verb() && !Tag::MD.is_verb());
        assert!(Tag::JJR.is_adjective());
    }
}
