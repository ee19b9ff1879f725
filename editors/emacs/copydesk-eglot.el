;;; copydesk-eglot.el --- The copydesk language server through eglot  -*- lexical-binding: t; -*-

;; Works with eglot 1.9 (Debian's elpa-eglot on Emacs 28) and with the eglot built into
;; Emacs 29 and later.  See editors/emacs/README.md.
;;
;;   (add-to-list 'load-path "/path/to/copydesk/editors/emacs")
;;   (require 'copydesk-eglot)
;;   (setq copydesk-settings '(:profile "ap" :datePolicy "document"))
;;   (copydesk-eglot-setup)

;;; Code:

(require 'cl-lib)
(require 'eglot)

(defgroup copydesk nil
  "House-style checks for news copy, through the copydesk language server."
  :group 'tools
  :prefix "copydesk-")

(defcustom copydesk-program '("copydesk" "lsp")
  "The language server command and its arguments."
  :type '(repeat string))

(defcustom copydesk-settings '(:profile "ap" :datePolicy "document")
  "The server's settings, sent as initializationOptions under `copydesk'.
Keys: :profile (\"ap\", \"reuters\" or a pack folder), :date (\"YYYY-MM-DD\"),
:datePolicy (\"document\" or \"today\") and :rules, a plist of rule ids and
levels, e.g. (:ap.usage.us \"off\")."
  :type 'sexp)

(defcustom copydesk-modes '(markdown-mode gfm-mode text-mode)
  "Major modes whose buffers copydesk checks (exactly these, not modes derived from them)."
  :type '(repeat symbol))

(defun copydesk-eglot-contact (&optional _interactive _project)
  "The server command with its initialization options, for `eglot-server-programs'."
  (append copydesk-program
          (list :initializationOptions (list :copydesk copydesk-settings))))

(defun copydesk-eglot-ensure ()
  "Start eglot in the buffer if its major mode is one of `copydesk-modes'."
  (when (and buffer-file-name (memq major-mode copydesk-modes))
    (eglot-ensure)))

;;;###autoload
(defun copydesk-eglot-setup ()
  "Register copydesk with eglot and start it in buffers of `copydesk-modes'."
  (add-to-list 'eglot-server-programs
               (cons copydesk-modes #'copydesk-eglot-contact))
  ;; text-mode-hook also runs in modes derived from text-mode (Org, for one), hence the
  ;; exact check in `copydesk-eglot-ensure'.
  (dolist (hook '(markdown-mode-hook gfm-mode-hook text-mode-hook))
    (add-hook hook #'copydesk-eglot-ensure)))

(defvar-local copydesk-status nil
  "What copydesk checks the buffer with, as the server reported it (copydesk/status):
a plist with :profile, :profileSource, :date and :dateSource.")

(cl-defmethod eglot-handle-notification
  (_server (_method (eql copydesk/status)) &key uri profile profileSource date dateSource
           &allow-other-keys)
  "Keep the server's copydesk/status in the buffer it names."
  (let* ((path (if (fboundp 'eglot-uri-to-path) (eglot-uri-to-path uri) (eglot--uri-to-path uri)))
         (buffer (find-buffer-visiting path)))
    (when buffer
      (with-current-buffer buffer
        (setq copydesk-status (list :profile profile :profileSource profileSource
                                    :date date :dateSource dateSource))
        (force-mode-line-update)))))

;;;###autoload
(defun copydesk-show-status ()
  "Show the profile and story date copydesk checks the buffer with, and where they came from."
  (interactive)
  (message "%s"
           (if copydesk-status
               (format "copydesk: profile %s (%s), story date %s (%s)"
                       (plist-get copydesk-status :profile) (plist-get copydesk-status :profileSource)
                       (plist-get copydesk-status :date) (plist-get copydesk-status :dateSource))
             "copydesk: no status for this buffer yet")))

(defun copydesk--execute (server action)
  "Run the code ACTION (an edit, a command or both) on SERVER."
  (if (fboundp 'eglot-execute)
      (eglot-execute server action)
    ;; eglot 1.9: its reader runs the only action of the given kind without asking.
    (eglot--read-execute-code-action (list action) server (plist-get action :kind))))

(defun copydesk--actions (beg end kind)
  "The server's code actions of KIND between BEG and END (at BEG if END is nil)."
  (eglot-code-actions beg end kind))

;;;###autoload
(defun copydesk-fix-at-point ()
  "Apply the preferred fix of the copydesk finding at point, without a menu."
  (interactive)
  (let* ((server (eglot--current-server-or-lose))
         (fix (cl-find-if (lambda (a) (eq (plist-get a :isPreferred) t))
                          (copydesk--actions (point) nil "quickfix"))))
    (if fix
        (copydesk--execute server fix)
      (user-error "No preferred copydesk fix at point"))))

;;;###autoload
(defun copydesk-code-actions ()
  "Choose among the fixes of the copydesk finding at point (or in the region).
`eglot-code-action-quickfix' does nothing on eglot 1.9; this works on every version."
  (interactive)
  (if (use-region-p)
      (eglot-code-actions (region-beginning) (region-end) "quickfix" t)
    (eglot-code-actions (point) nil "quickfix" t)))

;;;###autoload
(defun copydesk-fix-all ()
  "Apply every safe copydesk fix in the buffer."
  (interactive)
  (let* ((server (eglot--current-server-or-lose))
         (fix (car (copydesk--actions (point-min) (point-max) "source.fixAll.copydesk"))))
    (if fix
        (copydesk--execute server fix)
      (message "copydesk: nothing to fix automatically"))))

(provide 'copydesk-eglot)
;;; copydesk-eglot.el ends here
