<?php
// Import a Moodle XML file into a course through qformat_xml (what Question bank > Import runs),
// then print how many questions Moodle stored, by type, and every message the importer gave.
// Copied into admin/cli/ and run by tools/moodle-import-check.sh:
//     php admin/cli/tdgrad_import.php FILE.xml
// Exit 0 when every question of the file was imported, 1 otherwise.

define('CLI_SCRIPT', true);
require(__DIR__ . '/../../config.php');
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->libdir . '/questionlib.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/question/format.php');
require_once($CFG->dirroot . '/question/format/xml/format.php');

[$options, $files] = cli_get_params([], []);
if (count($files) !== 1 || !is_readable($files[0])) {
    cli_error('usage: php admin/cli/tdgrad_import.php FILE.xml');
}
$file = $files[0];
\core\session\manager::set_user(get_admin());

$course = $DB->get_record('course', ['shortname' => 'tdgradcheck-course']);
if (!$course) {
    $course = create_course((object) ['fullname' => 'tdgrad import check', 'shortname' => 'tdgradcheck-course',
        'category' => $DB->get_field_sql('SELECT MIN(id) FROM {course_categories}')]);
}

// Moodle 5.0 keeps question banks in mod_qbank instances; earlier versions in the course context.
$helper = '\core_question\local\bank\question_bank_helper';
if (class_exists($helper) && method_exists($helper, 'get_default_open_instance_system_type')) {
    $cm = $helper::get_default_open_instance_system_type($course, true);
    $context = context_module::instance($cm->id);
} else {
    $context = context_course::instance($course->id);
}
$category = question_get_default_category($context->id, true);
$contexts = class_exists('\core_question\local\bank\question_edit_contexts')
    ? (new \core_question\local\bank\question_edit_contexts($context))->all()
    : (new question_edit_contexts($context))->all();

$before = $DB->count_records('question');
$format = new qformat_xml();
$format->setCategory($category);
$format->setContexts($contexts);
$format->setCourse($course);
$format->setFilename($file);
$format->setRealfilename(basename($file));
$format->setMatchgrades('error');
$format->setCatfromfile(true);
$format->setContextfromfile(false);  // "$course$" means this course's bank, whatever its context
$format->setStoponerror(true);

ob_start();
$ok = $format->importpreprocess() && $format->importprocess() && $format->importpostprocess();
$messages = trim(html_to_text(ob_get_clean(), 0, false));

// What the file holds, counted independently of the importer.
$xml = simplexml_load_file($file);
$infile = [];
foreach ($xml->question as $q) {
    $type = (string) $q['type'];
    if ($type !== 'category') {
        $infile[$type] = ($infile[$type] ?? 0) + 1;
    }
}
$ids = $format->questionids ?? [];
$stored = [];
if ($ids) {
    [$in, $params] = $DB->get_in_or_equal($ids);
    foreach ($DB->get_records_select('question', "id $in AND parent = 0", $params, '', 'id, qtype') as $q) {
        $stored[$q->qtype] = ($stored[$q->qtype] ?? 0) + 1;
    }
}
$categories = $DB->count_records('question_categories', ['contextid' => $context->id]);
$cloze = $stored['multianswer'] ?? 0;

echo "moodle " . $CFG->release . "\n";
echo "file: " . json_encode($infile) . "\n";
echo "imported: " . count($ids) . " questions " . json_encode($stored)
    . ", " . ($DB->count_records('question') - $before) . " rows in {question} (cloze gaps included)"
    . ", $categories categories in the bank\n";
if ($messages !== '') {
    echo "importer said:\n$messages\n";
}
$expected = array_sum($infile);
if (!$ok || count($ids) !== $expected || $cloze !== ($infile['cloze'] ?? 0)) {
    echo "FAILED: $expected questions in the file, " . count($ids) . " imported\n";
    exit(1);
}
echo "OK\n";
exit(0);
