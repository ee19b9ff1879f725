;;; emacs_e2e.el --- Emacs + eglot against the real server, in batch mode  -*- lexical-binding: t; -*-

;; Loaded by tests/editors/emacs_e2e.sh, which sets the environment variables read here.

(require 'cl-lib)
(add-to-list 'load-path (getenv "COPYDESK_E2E_PLUGIN"))
(require 'copydesk-eglot)

(defvar e2e-results nil)
(defvar e2e-wait (string-to-number (getenv "COPYDESK_E2E_WAIT")))

(defun e2e-report (ok name &optional detail)
  (push (concat (if ok "PASS " "FAIL ") name (if detail (concat "\n" detail) "")) e2e-results))

(defun e2e-finish ()
  (with-temp-file (getenv "COPYDESK_E2E_RESULTS")
    (insert (mapconcat #'identity (reverse e2e-results) "\n") "\n"))
  (kill-emacs 0))

(defun e2e-byte-col (pos)
  (save-excursion
    (goto-char pos)
    (- (position-bytes pos) (position-bytes (line-beginning-position)))))

(defun e2e-line (pos)
  (save-excursion (goto-char pos) (1- (line-number-at-pos pos t))))

(defun e2e-spec (d)
  (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))))

(defun e2e-format (d)
  (let ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
    (format "%s %d %d %d %d" (plist-get (e2e-spec d) :code)
            (e2e-line beg) (e2e-byte-col beg) (e2e-line end) (e2e-byte-col end))))

(defun e2e-current ()
  (sort (mapcar #'e2e-format
                (cl-remove-if-not (lambda (d) (equal (plist-get (e2e-spec d) :source) "copydesk"))
                                  (flymake-diagnostics)))
        #'string<))

(defun e2e-wait-until (pred)
  "Runs the event loop (and Flymake) until PRED holds or the wait runs out."
  (let ((deadline (+ (float-time) e2e-wait)) (ok nil))
    (while (and (not (setq ok (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (when (bound-and-true-p flymake-mode) (flymake-start)))
    ok))

(defun e2e-read-expected ()
  (with-temp-buffer
    (insert-file-contents (getenv "COPYDESK_E2E_EXPECTED"))
    (sort (cl-loop for line in (split-string (buffer-string) "\n")
                   for l = (string-trim line)
                   unless (or (string-empty-p l) (string-prefix-p "#" l))
                   collect (replace-regexp-in-string "[ \t]+" " " l))
          #'string<)))

(defun e2e-diff (want have)
  (let (msg)
    (dolist (l want) (unless (member l have) (push (concat "  missing:    " l) msg)))
    (dolist (l have) (unless (member l want) (push (concat "  unexpected: " l) msg)))
    (mapconcat #'identity (sort msg #'string<) "\n")))

(setq copydesk-program (list (getenv "COPYDESK_E2E_BIN") "lsp"))
(setq copydesk-settings '(:profile "ap" :date "2025-11-26"))
(setq eglot-sync-connect t)
(copydesk-eglot-setup)

(condition-case err
    (progn
      (find-file (getenv "COPYDESK_E2E_STORY"))
      ;; eglot-ensure connects from the command loop, which batch mode does not run.
      (run-hooks 'post-command-hook)
      (e2e-report (eq major-mode 'text-mode) (format "the story opens in %s" major-mode))
      (e2e-report (eglot-current-server) "eglot connected to copydesk"
                  (unless (eglot-current-server) "  no server"))
      (let* ((expected (e2e-read-expected))
             (got (e2e-wait-until (lambda () (equal (e2e-current) expected))))
             (actual (e2e-current)))
        (if got
            (e2e-report t (format "diagnostics match seed_expected.txt (%d findings)" (length actual)))
          (e2e-report nil "diagnostics match seed_expected.txt" (e2e-diff expected actual)))
        (let ((ok (and (e2e-wait-until (lambda () copydesk-status))
                       (equal (plist-get copydesk-status :profile) "ap")
                       (equal (plist-get copydesk-status :date) "2025-11-26"))))
          (e2e-report ok (format "copydesk/status: %s" (copydesk-show-status))
                      (unless ok (format "  %S" copydesk-status))))
        ;; A quick fix at the cursor: point inside the first "Zelenskiy".
        (let* ((target (car (sort (cl-remove-if-not
                                   (lambda (d) (equal (buffer-substring (flymake-diagnostic-beg d)
                                                                        (flymake-diagnostic-end d))
                                                      "Zelenskiy"))
                                   (flymake-diagnostics))
                                  (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))
               (before (buffer-string)))
          (if (not target)
              (e2e-report nil "copydesk-fix-at-point writes \"Zelenskyy\"" "  no \"Zelenskiy\" finding")
            (let* ((beg (flymake-diagnostic-beg target))
                   (fixed-line (e2e-format target))
                   (want (concat (substring before 0 (1- beg)) "Zelenskyy"
                                 (substring before (+ (1- beg) 9)))))
              (goto-char (+ beg 2))
              (copydesk-fix-at-point)
              ;; eglot sends the change from an idle timer, which batch mode does not run.
              (eglot--signal-textDocument/didChange)
              (if (equal (buffer-string) want)
                  (e2e-report t (format "copydesk-fix-at-point writes \"Zelenskyy\" at %d:%d"
                                        (e2e-line beg) (e2e-byte-col beg)))
                (e2e-report nil "copydesk-fix-at-point writes \"Zelenskyy\""
                            (format "  buffer changed: %s" (not (equal before (buffer-string))))))
              (let* ((remaining (remove fixed-line expected))
                     (ok (e2e-wait-until (lambda () (equal (e2e-current) remaining)))))
                (e2e-report ok (format "the server re-checks the edited text (%d findings left)"
                                       (length remaining))
                            (unless ok (e2e-diff remaining (e2e-current))))
                ;; A settings change: ap.usage.us off.
                (setq-local eglot-workspace-configuration
                            '(:copydesk (:profile "ap" :date "2025-11-26"
                                         :rules (:ap.usage.us "off"))))
                (eglot-signal-didChangeConfiguration (eglot-current-server))
                (let* ((without (cl-remove-if (lambda (l) (string-prefix-p "ap.usage.us " l)) remaining))
                       (ok (e2e-wait-until (lambda () (equal (e2e-current) without)))))
                  (e2e-report ok (format "a settings change (ap.usage.us off) re-checks (%d findings)"
                                         (length without))
                              (unless ok (e2e-diff without (e2e-current))))))))))
      (e2e-finish))
  (error
   (e2e-report nil "the test ran to the end" (format "  %S" err))
   (e2e-finish)))
