package dev.cpotoolkit.cli;

import dev.cpotoolkit.data.chat.ChatMessage;
import dev.cpotoolkit.data.chat.ChatTemplate;
import dev.cpotoolkit.data.chat.ChatTemplateException;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.generate.GenerationConfig;
import dev.cpotoolkit.model.generate.Generator;
import dev.cpotoolkit.tokenize.HfTokenizerConfig;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cpo generate}: continues a prompt with a model and prints the
 * completion (the new text only). Greedy unless a temperature above 0 is
 * given; sampling with the same {@code --seed} repeats itself exactly. With
 * {@code --adapter} a PEFT LoRA adapter is put on the base model first.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Continue a prompt with a model and print the completion.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "DIR|HUB_ID",
            description = "Model folder (such as a run's final/) or Hugging Face repo id; with --adapter, the base"
                    + " model. Required unless --adapter records its base.")
    String model;

    @Option(names = "--adapter", paramLabel = "DIR|HUB_ID", description = AdapterOption.HELP)
    Path adapter;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The text to continue, as is.")
    String prompt;

    @Option(names = "--chat",
            description = "Take --prompt as a user message and render it with the model's chat template, with the"
                    + " generation prompt, as a chat-trained model saw its prompts.")
    boolean chat;

    @Option(names = "--system", paramLabel = "TEXT", description = "With --chat: a system message before the user's.")
    String system;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "64",
            description = "Most tokens to generate. Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "0 decodes greedily; above 0 samples from logits / T. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0",
            description = "Sample among the K most likely tokens; 0 = all. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
            description = "Sample within the smallest set of tokens of probability P. Default: ${DEFAULT-VALUE}.")
    double topP;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the sampler. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "auto, cpu, gpu or gpu:N. Default: ${DEFAULT-VALUE}.")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (system != null && !chat) {
            throw new ParameterException(spec.commandLine(), "--system needs --chat");
        }
        adapter = AdapterOption.resolve(spec.commandLine(), adapter);
        Path folder = AdapterOption.baseFolder(spec.commandLine(), model, adapter);
        String text = chat ? chatPrompt(folder) : prompt;
        try (CausalLM lm = CausalLM.load(folder, Devices.parse(device));
             PreferenceTokenizer tokenizer = PreferenceTokenizer.load(folder)) {
            if (adapter != null) {
                lm.loadAdapter(adapter);
            }
            List<Integer> eos = new ArrayList<>();
            tokenizer.eosTokenId().ifPresent(eos::add);
            GenerationConfig settings = settings(eos);
            PrintWriter out = spec.commandLine().getOut();
            out.println(complete(lm, tokenizer, text, settings));
            out.flush();
        }
        return 0;
    }

    /** The prompt as the model's chat template lays out a (system and) user message, ready for the answer. */
    private String chatPrompt(Path folder) {
        ChatTemplate template;
        try {
            template = HfTokenizerConfig.readFromDirectory(folder).chatTemplate();
        } catch (ChatTemplateException e) {
            throw new ParameterException(spec.commandLine(), "--chat: " + e.getMessage().replaceFirst(
                    "; use chatTemplateOrPlain\\(\\).*", "") + "; give --prompt in the model's own format without --chat");
        }
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
            messages.add(ChatMessage.system(system));
        }
        messages.add(ChatMessage.user(prompt));
        return template.render(messages, true);
    }

    /** The decoding settings, with a rule broken reported against its flag rather than a Java name. */
    private GenerationConfig settings(List<Integer> eos) {
        try {
            return new GenerationConfig(maxNewTokens, temperature, topK, topP, seed, eos);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            for (String[] names : FLAGS) {
                message = message.replace(names[0], names[1]);
            }
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /** GenerationConfig's field names and the flags that set them. */
    private static final String[][] FLAGS = {
        {"maxNewTokens", "--max-new-tokens"}, {"temperature", "--temperature"}, {"topK", "--top-k"},
        {"topP", "--top-p"}};

    /** The completion of one prompt as text (BOS and EOS handled as the trainer does; special tokens dropped). */
    static String complete(CausalLM lm, PreferenceTokenizer tokenizer, String prompt, GenerationConfig settings) {
        return Generator.generateText(lm, tokenizer, List.of(prompt), settings).get(0).completion();
    }
}
