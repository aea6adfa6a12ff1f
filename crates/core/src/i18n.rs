//! Interface languages and the words the text interface uses.
//!
//! Content (scenarios, quizzes) is written per locale by trainers; this is only the
//! frame around it. A struct per language, not a key lookup, so a missing
//! translation is a compile error rather than an English word in a Chinese or Korean screen.

use std::fmt;
use std::str::FromStr;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
    /// Korean.
    Ko,
}

impl Lang {
    /// Every interface language, in the order the language key cycles through them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Zh, Lang::Ko];

    /// The locale code used in folder names and files.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Ko => "ko",
        }
    }

    /// The interface words in this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
            Lang::Ko => &KO,
        }
    }

    /// The language after this one in [`Lang::ALL`], wrapping round: what the language key
    /// (L in the game and the terminal menu) switches to.
    pub fn next(self) -> Lang {
        let at = Lang::ALL.iter().position(|&l| l == self).unwrap_or(0);
        Lang::ALL[(at + 1) % Lang::ALL.len()]
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "en-gb" | "en-us" | "english" => Ok(Lang::En),
            "zh" | "zh-cn" | "zh-hans" | "chinese" | "中文" => Ok(Lang::Zh),
            "ko" | "ko-kr" | "korean" | "한국어" => Ok(Lang::Ko),
            _ => Err(format!("unknown language `{s}`; use en, zh or ko")),
        }
    }
}

/// Fills a template's `{name}` slots; a slot without a value stays as written, so a
/// mistake shows on screen instead of vanishing.
pub fn fill(template: &str, values: &[(&str, &dyn fmt::Display)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// How well a version in `locale` suits a trainee reading `lang`: their own language
/// first, then English, then any other (lower is better).
pub fn locale_rank(locale: &str, lang: Lang) -> u8 {
    if locale == lang.code() {
        0
    } else if locale == "en" {
        1
    } else {
        2
    }
}

impl Words {
    /// The name of a Moments-of-Truth stage.
    pub fn stage(&self, stage: crate::scenario::MotStage) -> &'static str {
        self.mot_stages[stage as usize]
    }

    /// The name of an ending's outcome, for tables.
    pub fn outcome_name(&self, outcome: crate::scenario::Outcome) -> &'static str {
        use crate::scenario::Outcome;
        match outcome {
            Outcome::ResolvedLoyal => self.outcomes[0],
            Outcome::Resolved => self.outcomes[1],
            Outcome::Escalated => self.outcomes[2],
            Outcome::CustomerLost => self.outcomes[3],
        }
    }
}

/// Words of the text interface.
#[allow(missing_docs)]
#[derive(Debug)]
pub struct Words {
    pub debrief: &'static str,
    pub outcome: &'static str,
    pub outcomes: [&'static str; 4],
    pub abandoned: &'static str,
    pub walked_out: &'static str,
    pub walked_out_short: &'static str,
    /// After a count of attempts that reached a box of the graph.
    pub heat_reached: &'static str,
    pub overall: &'static str,
    pub passed: &'static str,
    pub failed: &'static str,
    pub threshold: &'static str,
    pub base_and_penalty: &'static str,
    pub five_s: &'static str,
    pub dimensions: [&'static str; 5],
    pub not_rated: &'static str,
    pub mood: &'static str,
    pub mot_path: &'static str,
    pub mot_stages: [&'static str; 5],
    pub your_answers: &'static str,
    pub best_on_offer: &'static str,
    pub seconds: &'static str,
    pub budget: &'static str,
    /// The reading allowance of a timed turn, as in "9.0 s (reading 5.2 s)".
    pub reading: &'static str,
    /// What a catalogue entry's quote is introduced with.
    pub quote: &'static str,
    /// A reflection's answers: agreeing and disagreeing with a view.
    pub agree: &'static str,
    /// See `agree`.
    pub disagree: &'static str,
    /// What the reflection's commentary is introduced with.
    pub course_reading: &'static str,
    /// Said at the end of a reflection instead of a score.
    pub reflection_done: &'static str,
    /// The terminal's prompt for a reflection's view.
    pub reflection_prompt: &'static str,
    pub violations: &'static str,
    pub none: &'static str,
    pub applied: &'static str,
    pub quiz_alignment: &'static str,
    pub applied_it: &'static str,
    pub broke_it: &'static str,
    pub mixed: &'static str,
    pub knows_rule: &'static str,
    pub missed_in_quiz: &'static str,
    pub quiz_not_taken: &'static str,
    pub inferred: &'static str,
    pub turn: &'static str,
    pub trainer_says: &'static str,
    pub customer: &'static str,
    pub you: &'static str,
    pub choose_prompt: &'static str,
    pub coach: &'static str,
    pub quit_hint: &'static str,
    pub quiz_prompt: &'static str,
    pub correct: &'static str,
    pub wrong: &'static str,
    pub key_true: &'static str,
    pub key_false: &'static str,
    pub score: &'static str,
    pub key_inferred_note: &'static str,
    pub time_left: &'static str,
    pub seed: &'static str,
    /// Separator after a label: ": " in English and Korean, "：" in Chinese.
    pub colon: &'static str,
    /// Separator between two clauses: "; " or "；".
    pub semicolon: &'static str,
    pub key_label: &'static str,
    pub your_answer: &'static str,
    /// Progress advice when a principle keeps being broken: {title} {id} {times} {recent}
    /// {scenario} {tested}.
    pub advice_broken: &'static str,
    /// Progress advice for the weakest dimension: {name} {mean} {scenario} {on_offer}.
    pub advice_weakest: &'static str,
    /// Comparison of two attempts: {a} {b} {diff} {base_a} {base_b} {pen_a} {pen_b}.
    pub compare_overall: &'static str,
    /// {list}: what moved the base.
    pub compare_moved: &'static str,
    /// {label} {id} {turns} {penalty}.
    pub compare_only: &'static str,
    /// {a} {b}: the two endings.
    pub compare_ending: &'static str,
    /// {turn}.
    pub compare_first_difference: &'static str,
    pub compare_same_choices: &'static str,
    /// Between items of a list of turns: ", " or "、".
    pub list_comma: &'static str,
}

static EN: Words = Words {
    debrief: "Debrief",
    outcome: "Outcome",
    outcomes: ["resolved, loyal", "resolved", "escalated", "customer lost"],
    abandoned: "conversation not finished",
    walked_out: "the customer ran out of patience and walked out",
    walked_out_short: "walk-out",
    heat_reached: "reached",
    overall: "Overall",
    passed: "PASSED",
    failed: "NOT PASSED",
    threshold: "pass mark",
    base_and_penalty: "5S average {base}, minus {penalty} for broken principles",
    five_s: "5S",
    dimensions: ["Smile", "Speed", "Standard", "Sincere", "Satisfy"],
    not_rated: "not rated",
    mood: "Customer mood",
    mot_path: "Moments of Truth",
    mot_stages: ["set the tone", "diagnose", "solve", "recap", "follow up"],
    your_answers: "Your answers",
    best_on_offer: "best answer on offer",
    seconds: "s",
    budget: "budget",
    reading: "reading",
    quote: "The source",
    agree: "I agree",
    disagree: "I disagree",
    course_reading: "The course's reading (our inference; the source gives no answer)",
    reflection_done: "Reflection done. There is no score and no wrong answer here: compare your views with the course's reading.",
    reflection_prompt: "Do you agree? (t = I agree, f = I disagree, q to quit)",
    violations: "Principles broken",
    none: "none",
    applied: "Principles applied",
    quiz_alignment: "Quiz alignment",
    applied_it: "applied it",
    broke_it: "broke it",
    mixed: "applied it and broke it",
    knows_rule: "knows the rule",
    missed_in_quiz: "answered wrongly in the quiz",
    quiz_not_taken: "quiz not taken yet",
    inferred: "inferred",
    turn: "turn {n}",
    trainer_says: "Trainer's comment",
    customer: "Customer",
    you: "You",
    choose_prompt: "Your answer (1–{n}, q to quit)",
    coach: "Coach",
    quit_hint: "Conversation left unfinished.",
    quiz_prompt: "True or false? (t/f, q to quit)",
    correct: "Correct",
    wrong: "Not quite",
    key_true: "true",
    key_false: "false",
    score: "Score",
    key_inferred_note: "The source gives no key for this quiz; the key used here is the course's inference.",
    time_left: "time budget",
    seed: "seed",
    colon: ": ",
    semicolon: "; ",
    key_label: "key",
    your_answer: "your answer",
    advice_broken: "You broke “{title}” ({id}) {times} times in your last {recent} attempts. “{scenario}” has {tested} choices that test it.",
    advice_weakest: "{name} is your weakest dimension (average {mean} in your recent attempts). “{scenario}” offers the most {name} points ({on_offer}).",
    compare_overall: "Overall: A {a} → B {b} ({diff}). Mean of the 5S: {base_a} → {base_b}; penalties: {pen_a} → {pen_b}.",
    compare_moved: "The base moved with: {list}.",
    compare_only: "Only {label} broke {id} (turn {turns}), costing {penalty} points.",
    compare_ending: "Ending: A {a} → B {b}.",
    compare_first_difference: "The answers first differ at turn {turn}.",
    compare_same_choices: "The same choices both times: any difference comes from response times.",
    list_comma: ", ",
};

static ZH: Words = Words {
    debrief: "复盘",
    outcome: "结果",
    outcomes: ["解决，客户忠诚", "已解决", "升级处理", "客户流失"],
    abandoned: "对话未完成",
    walked_out: "客户失去耐心，拂袖而去",
    walked_out_short: "中途离开",
    heat_reached: "次到达",
    overall: "总分",
    passed: "通过",
    failed: "未通过",
    threshold: "及格线",
    base_and_penalty: "5S 平均 {base} 分，违反原则扣 {penalty} 分",
    five_s: "5S",
    dimensions: ["微笑", "快速", "标准", "真诚", "满意"],
    not_rated: "未评",
    mood: "客户情绪",
    mot_path: "关键时刻",
    mot_stages: ["奠定基调", "诊断问题", "解决问题", "总结回顾", "完善跟进"],
    your_answers: "您的回答",
    best_on_offer: "当时的最佳回答",
    seconds: "秒",
    budget: "时限",
    reading: "阅读",
    quote: "原文",
    agree: "我同意",
    disagree: "我不同意",
    course_reading: "课程的看法（我们的推断，资料未给出答案）",
    reflection_done: "自省完成。这里不计分，也没有错误答案：请对照课程的看法想一想自己的观点。",
    reflection_prompt: "您同意吗？（t = 同意，f = 不同意，q 退出）",
    violations: "违反的原则",
    none: "无",
    applied: "做到的原则",
    quiz_alignment: "测验对照",
    applied_it: "做到了",
    broke_it: "违反了",
    mixed: "时而做到、时而违反",
    knows_rule: "测验答对",
    missed_in_quiz: "测验答错",
    quiz_not_taken: "尚未做测验",
    inferred: "推断",
    turn: "第 {n} 轮",
    trainer_says: "培训师点评",
    customer: "客户",
    you: "您",
    choose_prompt: "请选择（1–{n}，q 退出）",
    coach: "教练提示",
    quit_hint: "对话未完成即退出。",
    quiz_prompt: "对还是错？（t/f，q 退出）",
    correct: "答对了",
    wrong: "不对",
    key_true: "对",
    key_false: "错",
    score: "得分",
    key_inferred_note: "原始资料没有给出此测验的答案；这里的答案是课程的推断。",
    time_left: "时限",
    seed: "种子",
    colon: "：",
    semicolon: "；",
    key_label: "答案",
    your_answer: "您的回答",
    advice_broken: "最近{recent}次练习中，您{times}次违反了“{title}”（{id}）。“{scenario}”有{tested}个选项考查这一点。",
    advice_weakest: "“{name}”是您最弱的一项（最近几次平均{mean}分）。“{scenario}”在“{name}”上可得分最多（{on_offer}分）。",
    compare_overall: "总分：A {a} → B {b}（{diff}）。5S 平均分：{base_a} → {base_b}；扣分：{pen_a} → {pen_b}。",
    compare_moved: "基础分的变化来自：{list}。",
    compare_only: "只有 {label} 违反了 {id}（第 {turns} 轮），扣 {penalty} 分。",
    compare_ending: "结局：A {a} → B {b}。",
    compare_first_difference: "两次作答从第 {turn} 轮开始不同。",
    compare_same_choices: "两次作答的选择完全相同，分数差异只来自作答用时。",
    list_comma: "、",
};

// Korean: what is said to the trainee is in 합니다체 (하십시오체), labels are nouns, and a key
// hint is attached to its label as Korean software writes it: 나가기(Esc). Korean uses ASCII
// punctuation, so the separators are the English ones.
static KO: Words = Words {
    debrief: "복기",
    outcome: "결과",
    outcomes: ["해결, 충성 고객", "해결", "상위 이관", "고객 이탈"],
    abandoned: "대화 미완료",
    walked_out: "고객이 인내심을 잃고 떠났습니다",
    walked_out_short: "중도 이탈",
    heat_reached: "회 도달",
    overall: "총점",
    passed: "통과",
    failed: "미통과",
    threshold: "통과 기준",
    base_and_penalty: "5S 평균 {base}점에서 원칙 위반으로 {penalty}점 감점",
    five_s: "5S",
    dimensions: ["미소", "신속", "표준", "진심", "만족"],
    not_rated: "평가 없음",
    mood: "고객 기분",
    mot_path: "진실의 순간(MOT)",
    mot_stages: ["분위기 조성", "문제 진단", "문제 해결", "정리", "후속 관리"],
    your_answers: "내 답변",
    best_on_offer: "선택지 중 최선",
    seconds: "초",
    budget: "제한",
    reading: "읽기",
    quote: "원문",
    agree: "동의함",
    disagree: "동의하지 않음",
    course_reading: "교육 과정의 관점(추론이며, 출처에는 답이 없음)",
    reflection_done: "성찰을 마쳤습니다. 여기에는 점수도, 틀린 답도 없습니다. 내 관점을 교육 과정의 관점과 견주어 보십시오.",
    reflection_prompt: "동의하십니까? (t = 동의함, f = 동의하지 않음, q 종료)",
    violations: "어긴 원칙",
    none: "없음",
    applied: "지킨 원칙",
    quiz_alignment: "퀴즈 대조",
    applied_it: "지킴",
    broke_it: "어김",
    mixed: "지키기도 하고 어기기도 함",
    knows_rule: "원칙을 알고 있음",
    missed_in_quiz: "퀴즈에서 틀림",
    quiz_not_taken: "아직 퀴즈를 풀지 않음",
    inferred: "추론",
    turn: "{n}번째 턴",
    trainer_says: "강사 코멘트",
    customer: "고객",
    you: "나",
    choose_prompt: "답변 선택(1–{n}, q 종료)",
    coach: "코치",
    quit_hint: "대화를 마치지 않고 나갔습니다.",
    quiz_prompt: "맞는 말입니까, 틀린 말입니까? (t/f, q 종료)",
    correct: "정답입니다",
    wrong: "아쉽습니다",
    key_true: "맞음",
    key_false: "틀림",
    score: "점수",
    key_inferred_note: "출처에는 이 퀴즈의 답이 없습니다. 여기서 보여 주는 답은 교육 과정의 추론입니다.",
    time_left: "시간 점수",
    seed: "시드",
    colon: ": ",
    semicolon: "; ",
    key_label: "정답",
    your_answer: "내 답변",
    advice_broken: "최근 {recent}회 연습에서 ‘{title}’({id}) 원칙을 {times}회 어겼습니다. ‘{scenario}’에는 이 원칙을 시험하는 선택지가 {tested}개 있습니다.",
    advice_weakest: "가장 약한 항목은 {name}입니다(최근 연습 평균 {mean}점). ‘{scenario}’에서 {name} 점수를 가장 많이 얻을 수 있습니다({on_offer}점).",
    compare_overall: "총점: A {a} → B {b} ({diff}). 5S 평균: {base_a} → {base_b}; 감점: {pen_a} → {pen_b}.",
    compare_moved: "기본 점수를 움직인 요인: {list}.",
    compare_only: "{label}만 {id} 원칙을 어겨({turns}번째 턴) {penalty}점을 잃었습니다.",
    compare_ending: "결말: A {a} → B {b}.",
    compare_first_difference: "{turn}번째 턴에서 처음으로 답변이 달라집니다.",
    compare_same_choices: "두 번 모두 같은 선택을 했습니다. 점수 차이는 응답 시간에서만 생깁니다.",
    list_comma: ", ",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_is_a_language_like_the_others() {
        assert_eq!("ko".parse::<Lang>(), Ok(Lang::Ko));
        assert_eq!("ko-KR".parse::<Lang>(), Ok(Lang::Ko));
        assert_eq!(Lang::Ko.code(), "ko");
        let e = "fr".parse::<Lang>().unwrap_err();
        assert!(e.contains("en, zh or ko"), "{e}");
        // The language key visits every language and comes back.
        assert_eq!(Lang::En.next(), Lang::Zh);
        assert_eq!(Lang::Zh.next(), Lang::Ko);
        assert_eq!(Lang::Ko.next(), Lang::En);
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
            assert!(crate::limits::LOCALES.contains(&lang.code()));
        }
    }
}
