/* The rich-text editor: every <textarea data-rich-text> (common/widgets.py,
   RichTextarea) becomes a Quill editor with a labelled toolbar. The textarea
   stays in the form, hidden, and always holds the editor's HTML, so the form
   posts as before; the server sanitises it (common/sanitize.py). Without
   this script the textarea is used as it is: plain text, paragraphs kept.

   Keyboard: Tab and Shift+Tab leave the editor (they never insert a tab, so
   focus is never trapped); Ctrl/Cmd+B, +I, +K (link) as in word processors. */
(function () {
  "use strict";

  var areas = Array.prototype.slice.call(document.querySelectorAll("textarea[data-rich-text]:not([data-rich-text-ready])"));
  if (!areas.length) {
    return;
  }

  function load(first, done) {
    if (window.Quill) {
      done();
      return;
    }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = first.getAttribute("data-editor-css");
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = first.getAttribute("data-editor-script");
    script.onload = done;
    document.head.appendChild(script);
  }

  // Quill's HTML keeps spaces as &nbsp; and lists with a data-list attribute;
  // the server's allow-list drops attributes, the spaces are normalised here.
  function tidy(html) {
    return html.replace(/&nbsp;/g, " ").replace(/\u00a0/g, " ");
  }

  function looksLikeHtml(text) {
    return /<\/?[a-z][a-z0-9]*[\s>\/]/i.test(text);
  }

  function button(className, value, label, text) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    if (value) {
      element.value = value;
    }
    element.setAttribute("aria-label", label);
    element.title = label;
    if (text) {
      element.textContent = text;
    }
    return element;
  }

  function group(children) {
    var span = document.createElement("span");
    span.className = "ql-formats";
    children.forEach(function (child) {
      span.appendChild(child);
    });
    return span;
  }

  function enhance(textarea, index) {
    if (textarea.getAttribute("data-rich-text-ready")) {
      return; // enhanced already (the script is on the page twice)
    }
    var labels = JSON.parse(textarea.getAttribute("data-editor-labels") || "{}");
    var minutes = textarea.getAttribute("data-rich-text") === "minutes";
    var levels = minutes ? ["3", "4"] : ["2", "3"];
    var id = textarea.id || "rich-text-" + index;

    var wrapper = document.createElement("div");
    wrapper.className = "rich-editor";
    var toolbar = document.createElement("div");
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", labels.toolbar || "Text formatting");
    toolbar.setAttribute("aria-controls", id + "-editor");
    toolbar.appendChild(
      group([
        button("ql-header", levels[0], labels.heading, minutes ? "H3" : "H2"),
        button("ql-header", levels[1], labels.subheading, minutes ? "H4" : "H3"),
      ])
    );
    toolbar.appendChild(
      group([
        button("ql-bold", "", labels.bold),
        button("ql-italic", "", labels.italic),
        button("ql-link", "", labels.link),
      ])
    );
    toolbar.appendChild(
      group([
        button("ql-list", "ordered", labels.ordered),
        button("ql-list", "bullet", labels.bullet),
        button("ql-blockquote", "", labels.blockquote),
      ])
    );
    toolbar.appendChild(
      group([
        button("ql-table-insert rich-editor-text", "", labels.table, "⊞"),
        button("ql-table-row rich-editor-text", "", labels.tableRow, "+≡"),
        button("ql-table-column rich-editor-text", "", labels.tableColumn, "+⫴"),
        button("ql-table-delete rich-editor-text", "", labels.tableDelete, "⊟"),
      ])
    );
    toolbar.appendChild(group([button("ql-clean", "", labels.clean)]));
    var holder = document.createElement("div");
    holder.id = id + "-editor";
    wrapper.appendChild(toolbar);
    wrapper.appendChild(holder);
    textarea.parentNode.insertBefore(wrapper, textarea);

    var quill = new window.Quill(holder, {
      theme: "snow",
      // Only these survive a paste: the structure, not fonts, colours or sizes.
      formats: [
        "header",
        "bold",
        "italic",
        "link",
        "list",
        "blockquote",
        "table",
        "table-row",
        "table-body",
        "table-container",
      ],
      modules: {
        table: true,
        toolbar: {
          container: toolbar,
          handlers: {
            link: function (on) {
              var range = quill.getSelection(true);
              var current = quill.getFormat(range).link || (on ? "https://" : "");
              var address = window.prompt(labels.linkPrompt || "Link", current);
              if (address === null) {
                return;
              }
              address = address.trim();
              if (range && range.length === 0 && address) {
                quill.insertText(range.index, address, "link", address, "user");
                return;
              }
              quill.format("link", address || false, "user");
            },
            "table-insert": function () {
              quill.getModule("table").insertTable(2, 2);
            },
            "table-row": function () {
              quill.getModule("table").insertRowBelow();
            },
            "table-column": function () {
              quill.getModule("table").insertColumnRight();
            },
            "table-delete": function () {
              quill.getModule("table").deleteTable();
            },
          },
        },
      },
    });

    // What a word processor or a page carries besides text: dropped on paste.
    var Delta = window.Quill.import("delta");
    ["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "META", "TITLE", "IMG", "svg"].forEach(function (tag) {
      quill.clipboard.addMatcher(tag, function () {
        return new Delta();
      });
    });

    var value = textarea.value;
    if (looksLikeHtml(value)) {
      quill.clipboard.dangerouslyPasteHTML(value, "silent");
    } else if (value) {
      quill.setText(value, "silent");
    }

    // The editable area is the form field: named by the field's label,
    // described by its help text, and required when the textarea was.
    var root = quill.root;
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    root.setAttribute("role", "textbox");
    root.setAttribute("aria-multiline", "true");
    if (label) {
      label.id = label.id || id + "-label";
      root.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function () {
        quill.focus();
      });
    }
    var described = textarea.getAttribute("aria-describedby");
    if (described) {
      root.setAttribute("aria-describedby", described);
    }
    if (textarea.getAttribute("aria-invalid")) {
      root.setAttribute("aria-invalid", textarea.getAttribute("aria-invalid"));
    }
    if (textarea.required) {
      root.setAttribute("aria-required", "true");
      textarea.required = false; // a hidden field cannot show the browser's message
    }
    textarea.hidden = true;
    textarea.setAttribute("data-rich-text-ready", "true");

    function sync() {
      textarea.value = quill.getLength() > 1 ? tidy(quill.getSemanticHTML()) : "";
    }
    quill.on("text-change", sync);
    if (textarea.form) {
      textarea.form.addEventListener("submit", sync);
    }

    // Tab moves the focus on: stopped before Quill's own key handling sees it.
    wrapper.addEventListener(
      "keydown",
      function (event) {
        if (event.key === "Tab" && event.target === root) {
          event.stopPropagation();
        }
      },
      true
    );
  }

  load(areas[0], function () {
    areas.forEach(enhance);
  });
})();
